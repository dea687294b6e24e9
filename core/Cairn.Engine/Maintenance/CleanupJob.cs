using Cairn.Engine.Caching;
using Cairn.Engine.Locking;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Maintenance;

/// <summary>
/// Removes what no complete backup needs: partial sets (no manifest: interrupted backups or prunes),
/// incrementals whose chain is broken, stray objects outside any set, and stale locks. Never touches a
/// complete set of an intact chain. Lists only, unless forced.
/// </summary>
public static class CleanupJob
{
    /// <summary>Lists, and with <paramref name="force"/> removes, the leftovers.</summary>
    /// <param name="context">The target.</param>
    /// <param name="force">Remove them (otherwise only list).</param>
    /// <param name="breakLock">Remove every lock, not just stale ones (the user vouches that nothing else runs).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="TargetLockedException">A live process holds the target's lock (its partial set is work in progress).</exception>
    public static async Task<IReadOnlyList<CleanupItem>> RunAsync(EngineContext context, bool force, bool breakLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cache = new LocalCache(context.CacheDirectory);
        var items = new List<CleanupItem>();
        TargetLock? targetLock = null;
        if (force)
        {
            targetLock = await TargetLock.AcquireAsync(context.Backend, "cleanup", breakLock ? LockBreaking.All : LockBreaking.Stale, cancellationToken).ConfigureAwait(false);
            items.AddRange(targetLock.BrokenLocks.Select(l => new CleanupItem(l.Name, l.Info is null ? "unreadable lock" : $"lock of {l.Info.Describe()}", 0)));
        }
        else
        {
            foreach (var (name, info) in await TargetLock.ReadLocksAsync(context.Backend, cancellationToken).ConfigureAwait(false))
            {
                if (info is { IsStale: true })
                {
                    items.Add(new CleanupItem(name, $"stale lock of {info.Describe()}", 0));
                }
            }
        }

        return await TargetLock.HoldAsync(targetLock, async () =>
        {
            var index = await cache.LoadIndexAsync(context, cancellationToken).ConfigureAwait(false);
            var partial = index.PartialSets.ToList();
            items.AddRange(partial.Select(s => new CleanupItem(s.Name.Prefix, "partial set (no manifest)", s.TotalBytes)));
            items.AddRange(index.OrphanSets.Select(s => new CleanupItem(s.Name.Prefix, "incremental whose chain is broken", s.TotalBytes)));
            items.AddRange(index.StrayObjects.Select(o => new CleanupItem(o.Name, "object outside any set", o.Size)));
            if (force)
            {
                await SetRemoval.DeleteAsync(context.Backend, partial.Concat(index.OrphanSets), cancellationToken).ConfigureAwait(false);
                foreach (var stray in index.StrayObjects)
                {
                    await context.Backend.DeleteAsync(stray.Name, cancellationToken).ConfigureAwait(false);
                }

                cache.ForgetAllBut(index.Sets.Where(s => s.IsComplete && !index.OrphanSets.Contains(s)).Select(s => s.Name));
            }

            return items;
        }).ConfigureAwait(false);
    }
}
