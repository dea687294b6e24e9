using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.X25519;

/// <summary>Unwraps x25519 stanzas with one secret key.</summary>
internal sealed class X25519Identity(byte[] secretKey) : IIdentity
{
    private readonly byte[] _publicKey = X25519Keys.PublicFromSecret(secretKey);

    public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        return stanza.Type == X25519Stanza.Type && X25519Stanza.TryUnwrap(secretKey, _publicKey, stanza.Body, archiveKey);
    }
}
