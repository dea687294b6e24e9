using System.Security.Cryptography;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Wraps archive keys with a passphrase. Argon2id runs once per instance (one salt), so a backup that
/// writes many volumes pays for it once; each stanza then gets its own random nonce.
/// </summary>
internal sealed class PassphraseRecipient : IRecipient
{
    private readonly Argon2Parameters _parameters;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(PassphraseStanza.SaltSize);
    private readonly Lazy<byte[]> _kek;

    public PassphraseRecipient(byte[] passphrase, Argon2Parameters parameters)
    {
        _parameters = parameters;
        _kek = new Lazy<byte[]>(() => PassphraseStanza.DeriveKek(passphrase, _salt, _parameters));
    }

    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey) =>
        new("passphrase", PassphraseStanza.Seal(_kek.Value, _parameters, _salt, archiveKey));
}
