using Cairn.Engine.Catalogue;

namespace Cairn.Engine.Inspection;

/// <summary>How one path differs between two backups (<see cref="BackupDiff"/>).</summary>
public enum PathChangeKind
{
    /// <summary>In the later backup only.</summary>
    Added,

    /// <summary>In the earlier backup only.</summary>
    Removed,

    /// <summary>In both, with other content: type, size, SHA-256 or link target.</summary>
    Changed,

    /// <summary>In both, with the same content and another mode or owner.</summary>
    Metadata,
}

/// <summary>One path that differs between two backups.</summary>
/// <param name="Kind">How it differs.</param>
/// <param name="Before">Its record in the earlier backup, or <see langword="null"/> when added.</param>
/// <param name="After">Its record in the later backup, or <see langword="null"/> when removed.</param>
public sealed record PathChange(PathChangeKind Kind, CatalogueRecord? Before, CatalogueRecord? After)
{
    /// <summary>The path, relative to the backed-up folder.</summary>
    public byte[] Path => (After ?? Before)!.Metadata.Path;
}
