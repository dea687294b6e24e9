using Cairn.Format.Entries;

namespace Cairn.Format;

/// <summary>An entry of a volume set, with the parts of it each volume holds.</summary>
public sealed class SetEntry
{
    internal SetEntry(IReadOnlyList<SetEntryPart> parts)
    {
        Parts = parts;
    }

    /// <summary>The entry's id in the set.</summary>
    public long EntryId => Parts[0].IndexEntry.EntryId;

    /// <summary>The entry's metadata, from the volume it ends in (actual size and content hash for a file snapshot).</summary>
    public EntryMetadata Metadata => Parts[^1].IndexEntry.Metadata;

    /// <summary>The length of the entry's data over all volumes.</summary>
    public long DataLength => Parts[^1].IndexEntry.DataOffset + Parts[^1].IndexEntry.DataLength;

    /// <summary>SHA-256 of the entry's data.</summary>
    public byte[] DataHash => Parts[^1].IndexEntry.DataHash!;

    /// <summary>The entry's parts in volume order (one unless the entry crosses volumes).</summary>
    public IReadOnlyList<SetEntryPart> Parts { get; }
}
