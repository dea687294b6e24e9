namespace Cairn.Engine.FileSystem;

/// <summary>How a <see cref="TreeScanner"/> walks a tree.</summary>
public sealed class TreeScannerOptions
{
    /// <summary>Which paths to select; everything by default.</summary>
    public SelectionRules Rules { get; init; } = SelectionRules.All;

    /// <summary>
    /// Whether to descend into directories on other filesystems (mount points). Off by default: a mount
    /// point directory is recorded, its contents are not.
    /// </summary>
    public bool CrossFilesystems { get; init; }

    /// <summary>
    /// Objects the walk leaves out, with everything beneath them, whatever <see cref="Rules"/> say: a backup's own
    /// target folder and cache, the archive being written. They are found by identity, so a symlink or bind mount
    /// that leads to one does not bring it back in. Each one met is reported to <see cref="OnLeftOut"/>.
    /// </summary>
    public IReadOnlyCollection<ObjectIdentity> LeaveOut { get; init; } = [];

    /// <summary>Receives the path (relative to the root) and identity of each object <see cref="LeaveOut"/> kept out of the scan.</summary>
    public Action<string, ObjectIdentity>? OnLeftOut { get; init; }

    /// <summary>Whether to read extended attributes and ACLs (on by default).</summary>
    public bool ReadExtendedAttributes { get; init; } = true;

    /// <summary>
    /// Receives each per-object problem as it happens. When <see langword="null"/>, the scanner keeps them
    /// in <see cref="TreeScanner.Warnings"/>.
    /// </summary>
    public Action<FileSystemWarning>? OnWarning { get; init; }
}
