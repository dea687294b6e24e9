using Cairn.Contracts.Recipients;

namespace Cairn.Format.Tests.Support;

/// <summary>
/// A test-only recipient and identity whose stanza carries the archive key in the clear: it makes
/// output byte-for-byte reproducible (the passphrase stanza has random nonces). Never for real data.
/// </summary>
internal sealed class FixedKeyRecipient : IRecipient, IIdentity
{
    public const string Type = "test-cleartext-key";

    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey) => new(Type, archiveKey.ToArray());

    public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
    {
        if (stanza.Type != Type || stanza.Body.Length != archiveKey.Length)
        {
            return false;
        }

        stanza.Body.CopyTo(archiveKey);
        return true;
    }
}
