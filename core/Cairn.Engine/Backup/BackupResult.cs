using Cairn.Engine.Maintenance;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Backup;

/// <summary>The outcome of a backup.</summary>
/// <param name="Set">The new set's name (the name it would have had, for a dry run).</param>
/// <param name="Summary">Counts and sizes.</param>
/// <param name="Manifest">The manifest written, or null for a dry run.</param>
/// <param name="Warnings">Per-file problems (unreadable, vanished); the backup went on without those files.</param>
/// <param name="FullReason">Why a full backup was made (first backup, forced, chain too old), or null for an incremental.</param>
public sealed record BackupResult(SetName Set, BackupSummary Summary, SetManifest? Manifest, IReadOnlyList<string> Warnings, string? FullReason)
{
    /// <summary>
    /// The folders of the backup's own making that the source holds and the backup left out (its target's folder, its
    /// cache); empty when there were none.
    /// </summary>
    public IReadOnlyList<LeftOutFolder> LeftOut { get; init; } = [];

    /// <summary>
    /// What interrupted backups had left on the target (partial sets, unfinished uploads), removed once this one was
    /// complete; empty when there was nothing, and for a dry run.
    /// </summary>
    public IReadOnlyList<CleanupItem> Removed { get; init; } = [];
}
