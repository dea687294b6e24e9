namespace Cairn.Engine.FileSystem;

/// <summary>
/// What an incremental remembers of a file from the previous set, to decide without reading it whether it
/// may have changed (see <see cref="ChangeDetector"/>).
/// </summary>
/// <param name="Path">The path relative to the source root, raw bytes.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ModificationTimeNs">The modification time, ns since the Unix epoch.</param>
/// <param name="ChangeTimeNs">The status change time, ns since the Unix epoch.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="ContentHash">The SHA-256 of the content, when known.</param>
public sealed record FileRecord(byte[] Path, long Size, long ModificationTimeNs, long ChangeTimeNs, long Inode, byte[]? ContentHash)
{
    /// <summary>The record of a scanned file.</summary>
    /// <param name="entry">The scanned file.</param>
    /// <param name="contentHash">The SHA-256 computed while archiving it, if any.</param>
    /// <returns>The record.</returns>
    public static FileRecord From(ScannedEntry entry, byte[]? contentHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var m = entry.Metadata;
        return new FileRecord(m.Path, m.Size, m.ModificationTimeNs, m.ChangeTimeNs, entry.Inode, contentHash);
    }
}
