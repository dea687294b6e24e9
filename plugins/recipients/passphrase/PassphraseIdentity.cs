using System.Collections.Concurrent;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Unwraps passphrase stanzas. Remembers the kek for each (salt, parameters) it has derived, so opening
/// the many volumes of one backup runs Argon2id once.
/// </summary>
internal sealed class PassphraseIdentity(byte[] passphrase) : IIdentity
{
    private readonly ConcurrentDictionary<string, byte[]> _keks = new(StringComparer.Ordinal);

    public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        var body = stanza.Body;
        if (stanza.Type != "passphrase" || body.Length < PassphraseStanza.HeaderSize || body[0] != PassphraseStanza.Version)
        {
            return false;
        }

        var parameters = Argon2Parameters.Read(body.AsSpan(1));
        if (!parameters.IsWithinLimits)
        {
            return false;
        }

        var salt = body.AsSpan(1 + Argon2Parameters.EncodedSize, PassphraseStanza.SaltSize).ToArray();
        var cacheKey = Convert.ToHexString(body.AsSpan(1, Argon2Parameters.EncodedSize + PassphraseStanza.SaltSize));
        var kek = _keks.GetOrAdd(cacheKey, _ => PassphraseStanza.DeriveKek(passphrase, salt, parameters));
        return PassphraseStanza.TryOpen(kek, body, archiveKey);
    }
}
