using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Unwraps passphrase stanzas. Keks come from the process's <see cref="KekCache"/>, so opening the many
/// volumes of one backup, or every set of a chain that shares its salt, runs Argon2id once.
/// </summary>
internal sealed class PassphraseIdentity(byte[] passphrase) : IIdentity
{
    public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        if (stanza.Type != "passphrase" || !PassphraseStanza.TryReadDerivation(stanza.Body, out var parameters, out var salt))
        {
            return false;
        }

        return PassphraseStanza.TryOpen(KekCache.GetOrDerive(passphrase, salt, parameters), stanza.Body, archiveKey);
    }
}
