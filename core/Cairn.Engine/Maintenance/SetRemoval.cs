using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Maintenance;

/// <summary>Removes set folders so that an interruption never leaves a set that looks complete but is not.</summary>
internal static class SetRemoval
{
    /// <summary>
    /// Deletes sets newest first, each one's manifest before its other objects: a crash midway leaves
    /// partial sets (which <c>cleanup</c> removes), never a complete-looking set with missing volumes, and
    /// never an incremental whose parent is gone while it still looks complete.
    /// </summary>
    public static async Task<long> DeleteAsync(IBackend backend, IEnumerable<BackupSet> sets, CancellationToken cancellationToken)
    {
        long freed = 0;
        foreach (var set in sets.OrderByDescending(s => s.Name))
        {
            var manifest = TargetLayout.ObjectName(set.Name, TargetLayout.ManifestFile);
            await backend.DeleteAsync(manifest, cancellationToken).ConfigureAwait(false);
            foreach (var info in set.Objects.Where(o => o.Name != manifest))
            {
                await backend.DeleteAsync(info.Name, cancellationToken).ConfigureAwait(false);
            }

            freed += set.TotalBytes;
        }

        return freed;
    }
}
