using System.Security.Cryptography;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Wraps archive keys with a passphrase. Argon2id runs once per instance (one salt), so a backup that
/// writes many volumes pays for it once; each stanza then gets its own random nonce.
/// </summary>
internal sealed class PassphraseRecipient : IRecipient
{
    private readonly byte[] _passphrase;
    private readonly Argon2Parameters _parameters;
    private readonly Lazy<(byte[] Salt, byte[] Kek)> _derivation;

    public PassphraseRecipient(byte[] passphrase, Argon2Parameters parameters)
        : this(passphrase, parameters, earlier: null)
    {
    }

    private PassphraseRecipient(byte[] passphrase, Argon2Parameters parameters, RecipientStanza? earlier)
    {
        _passphrase = passphrase;
        _parameters = parameters;
        _derivation = new Lazy<(byte[], byte[])>(() => Derive(earlier));
    }

    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey)
    {
        var (salt, kek) = _derivation.Value;
        return new("passphrase", PassphraseStanza.Seal(kek, _parameters, salt, archiveKey));
    }

    /// <summary>
    /// Carries on with the salt of the previous set's passphrase stanza when it has this recipient's cost, so
    /// a restore of the chain derives one kek. The salt is reused only if that stanza opens with this
    /// passphrase: a stanza planted on the target with a chosen salt (to aim a precomputed dictionary at
    /// it) is ignored and a fresh salt drawn. Nonces stay random per stanza, so one kek wrapping the keys
    /// of many sets is no weaker than one wrapping the many volumes of one set.
    /// </summary>
    public IRecipient ContinueFrom(IReadOnlyList<RecipientStanza> earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        foreach (var stanza in earlier)
        {
            if (stanza.Type == "passphrase" && PassphraseStanza.TryReadDerivation(stanza.Body, out var parameters, out _) && parameters == _parameters)
            {
                return new PassphraseRecipient(_passphrase, _parameters, stanza);
            }
        }

        return this;
    }

    private (byte[] Salt, byte[] Kek) Derive(RecipientStanza? earlier)
    {
        if (earlier is not null && PassphraseStanza.TryReadDerivation(earlier.Body, out _, out var earlierSalt))
        {
            var kek = KekCache.GetOrDerive(_passphrase, earlierSalt, _parameters);
            var probe = new byte[PassphraseStanza.WrappedKeyLength(earlier.Body)];
            if (probe.Length > 0 && PassphraseStanza.TryOpen(kek, earlier.Body, probe))
            {
                CryptographicOperations.ZeroMemory(probe);
                return (earlierSalt, kek);
            }
        }

        var salt = RandomNumberGenerator.GetBytes(PassphraseStanza.SaltSize);
        return (salt, KekCache.GetOrDerive(_passphrase, salt, _parameters));
    }
}
