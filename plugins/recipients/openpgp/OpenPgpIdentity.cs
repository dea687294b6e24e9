using Cairn.Contracts.Recipients;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Cairn.Plugins.OpenPgp;

/// <summary>Unwraps openpgp stanzas with the decryption keys of one secret key file.</summary>
internal sealed class OpenPgpIdentity(Dictionary<long, PgpPrivateKey> keys) : IIdentity
{
    public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        return stanza.Type == "openpgp" && OpenPgpMessage.TryDecrypt(stanza.Body, keys, archiveKey);
    }
}
