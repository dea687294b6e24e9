namespace Cairn.Contracts.Recipients;

/// <summary>Wraps archive keys for one recipient.</summary>
public interface IRecipient
{
    /// <summary>Wraps <paramref name="archiveKey"/> into a stanza for the archive header.</summary>
    RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey);
}
