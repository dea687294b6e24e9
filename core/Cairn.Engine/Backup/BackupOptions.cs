using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Backup;

/// <summary>What to back up and how.</summary>
public sealed record BackupOptions
{
    /// <summary>The source folder.</summary>
    public required string Source { get; init; }

    /// <summary>The source as manifests record it and compare it: absolute, without a trailing <c>/</c>.</summary>
    internal string FullSource => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Source));

    /// <summary>Which paths to select; everything when null.</summary>
    public SelectionRules? Rules { get; init; }

    /// <summary>Start a new chain with a full backup even when an incremental is possible.</summary>
    public bool ForceFull { get; init; }

    /// <summary>Make a full backup when the current chain's full set is older than this.</summary>
    public TimeSpan? FullIfOlderThan { get; init; }

    /// <summary>Scan and compare, read and measure, but write nothing to the target or the cache.</summary>
    public bool DryRun { get; init; }

    /// <summary>Remove existing locks before taking the target's lock.</summary>
    public bool BreakLock { get; init; }

    /// <summary>
    /// Back up even when the target's newest backup was made of another folder or on another host (a moved folder, a
    /// renamed host); without it such a backup is refused with <see cref="SourceMismatchException"/>.
    /// </summary>
    public bool AllowSourceMismatch { get; init; }

    /// <summary>
    /// Back up even when the target holds no backup although this machine's cache knows backups made or read there (an
    /// unmounted disk, a mistyped target, deleted backups); without it such a backup is refused with
    /// <see cref="TargetEmptiedException"/>.
    /// </summary>
    public bool AllowEmptyTarget { get; init; }

    /// <summary>Descend into other filesystems under the source.</summary>
    public bool CrossFilesystems { get; init; }

    /// <summary>The backup's time (for tests); now when null.</summary>
    public DateTimeOffset? Time { get; init; }
}
