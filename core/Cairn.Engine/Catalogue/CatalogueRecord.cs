using Cairn.Format.Entries;

namespace Cairn.Engine.Catalogue;

/// <summary>
/// What a set knows about one path of the tree as it was at that set's time: its full metadata, the
/// change-detection keys, and where its content is stored. Every set's catalogue lists the whole tree,
/// so restoring from a set needs only that set's catalogue to know what to fetch.
/// </summary>
/// <param name="Metadata">The entry's metadata (for files, <see cref="EntryMetadata.ContentHash"/> is the SHA-256 of the content).</param>
/// <param name="Device">The device the file was on when scanned (change detection).</param>
/// <param name="Inode">The inode it had (change detection).</param>
/// <param name="Data">
/// For files with content, the snapshot first and then each delta to apply in order; empty for non-files
/// and empty files.
/// </param>
/// <param name="SignatureSet">The chain index of the set whose signatures archive holds this file's latest signature, or -1.</param>
public sealed record CatalogueRecord(EntryMetadata Metadata, long Device, long Inode, IReadOnlyList<DataLocation> Data, int SignatureSet)
{
    /// <summary>True for a regular file.</summary>
    public bool IsFile => Metadata.Type == EntryType.File;

    /// <summary>
    /// Whether <paramref name="other"/> records the same content under its path: the same type, size, SHA-256 and link
    /// target. Times, mode and owner may differ: what <c>history</c> calls one version and <c>diff</c> no content change.
    /// </summary>
    public bool HasSameContentAs(CatalogueRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EntryMetadata x = Metadata, y = other.Metadata;
        return x.Type == y.Type && x.Size == y.Size
            && (x.ContentHash ?? []).AsSpan().SequenceEqual(y.ContentHash ?? [])
            && (x.LinkTarget ?? []).AsSpan().SequenceEqual(y.LinkTarget ?? []);
    }
}
