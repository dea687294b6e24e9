namespace Cairn.Engine.Repository;

/// <summary>What one backup did, recorded in its manifest and printed at the end of a backup.</summary>
public sealed record BackupSummary
{
    /// <summary>Files seen for the first time (stored whole).</summary>
    public long NewFiles { get; init; }

    /// <summary>Files whose content changed (stored as deltas, or whole in a full set).</summary>
    public long ChangedFiles { get; init; }

    /// <summary>Files and other entries that vanished since the parent set.</summary>
    public long DeletedFiles { get; init; }

    /// <summary>Files found unchanged (recorded, no data stored).</summary>
    public long UnchangedFiles { get; init; }

    /// <summary>Directories, symlinks, hard links, devices, fifos and sockets recorded.</summary>
    public long OtherEntries { get; init; }

    /// <summary>Files that could not be read and were left out (with a warning).</summary>
    public long SkippedFiles { get; init; }

    /// <summary>Total size of the selected files.</summary>
    public long SourceBytes { get; init; }

    /// <summary>Bytes read from the source (unchanged files are not read).</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written to the target for this set (volumes, signatures, catalogue, manifest).</summary>
    public long BytesStored { get; init; }

    /// <summary>Wall-clock duration of the backup.</summary>
    public TimeSpan Duration { get; init; }
}
