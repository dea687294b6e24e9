using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// restic's rule for incrementals: a file whose size, modification time, status change time and inode all
/// match the previous set's record is unchanged and is not read again; any difference means it may have
/// changed and must be read (and delta-compressed against its old signature).
/// </summary>
/// <remarks>
/// The change time catches tools that restore an old mtime after writing, and the inode catches a file
/// replaced by a rename. Both change on some filesystems without a content change (after a copy to a new
/// filesystem, on network mounts with unstable inodes); <paramref name="ignoreInode"/> and
/// <paramref name="ignoreChangeTime"/> exist for those, at the cost of that extra safety.
/// </remarks>
/// <param name="ignoreInode">Do not compare inode numbers.</param>
/// <param name="ignoreChangeTime">Do not compare status change times.</param>
public sealed class ChangeDetector(bool ignoreInode = false, bool ignoreChangeTime = false)
{
    /// <summary>The default rule: size, mtime, ctime and inode.</summary>
    public static ChangeDetector Default { get; } = new();

    /// <summary>Compares a scanned object with its previous record.</summary>
    /// <param name="previous">The previous set's record of the same path, or <see langword="null"/> when it had none.</param>
    /// <param name="current">The object as scanned now.</param>
    /// <returns><see cref="FileChanges.None"/> when the file may be taken as unchanged; otherwise why not.</returns>
    public FileChanges Compare(FileRecord? previous, ScannedEntry current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var m = current.Metadata;
        if (m.Type != EntryType.File)
        {
            return FileChanges.NotAFile;
        }

        if (previous is null)
        {
            return FileChanges.New;
        }

        var changes = FileChanges.None;
        if (previous.Size != m.Size)
        {
            changes |= FileChanges.Size;
        }

        if (previous.ModificationTimeNs != m.ModificationTimeNs)
        {
            changes |= FileChanges.ModificationTime;
        }

        if (!ignoreChangeTime && previous.ChangeTimeNs != m.ChangeTimeNs)
        {
            changes |= FileChanges.ChangeTime;
        }

        if (!ignoreInode && previous.Inode != current.Inode)
        {
            changes |= FileChanges.Inode;
        }

        return changes;
    }

    /// <summary>Whether the file must be read again (<see cref="Compare"/> is not <see cref="FileChanges.None"/>).</summary>
    /// <param name="previous">The previous record, or <see langword="null"/>.</param>
    /// <param name="current">The object as scanned now.</param>
    /// <returns><see langword="true"/> when the file may have changed.</returns>
    public bool MayHaveChanged(FileRecord? previous, ScannedEntry current) => Compare(previous, current) != FileChanges.None;
}
