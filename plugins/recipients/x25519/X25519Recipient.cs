using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.X25519;

/// <summary>Wraps archive keys for one x25519 public key; needs no secret, so incrementals run without the private key.</summary>
internal sealed class X25519Recipient(byte[] publicKey) : IRecipient
{
    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey) => new(X25519Stanza.Type, X25519Stanza.Wrap(publicKey, archiveKey));
}
