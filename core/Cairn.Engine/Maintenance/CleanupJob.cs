using Cairn.Contracts.Backends;
using Cairn.Engine.Caching;
using Cairn.Engine.Inspection;
using Cairn.Engine.Locking;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Maintenance;

/// <summary>
/// Removes what no complete backup needs: partial sets (no manifest: interrupted backups or prunes),
/// incrementals whose chain is broken, stray objects outside any set, stale locks, and uploads that a killed
/// process or a dead connection left unfinished (on backends that can list them: <see cref="IPartialUploads"/>).
/// Never touches a complete set of an intact chain. Lists only, unless forced.
/// </summary>
public static class CleanupJob
{
    /// <summary>Lists, and with <paramref name="force"/> removes, the leftovers.</summary>
    /// <param name="context">The target.</param>
    /// <param name="force">Remove them (otherwise only list).</param>
    /// <param name="breakLock">Remove every lock, not just stale ones (the user vouches that nothing else runs).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <remarks>
    /// Unfinished uploads are removed only under the target's lock: every writer holds it, so an upload found then
    /// belongs to a process that is gone. When the backend fails to list or remove them, a warning says so and the
    /// rest of the cleanup stands: the items returned are what was (or would be) removed.
    /// </remarks>
    /// <returns>The items, and in a dry run the locks that live processes hold.</returns>
    /// <exception cref="TargetLockedException">A live process holds the target's lock (its partial set is work in progress).</exception>
    public static async Task<CleanupResult> RunAsync(EngineContext context, bool force, bool breakLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cache = new LocalCache(context.CacheDirectory);
        var items = new List<CleanupItem>();
        var heldLocks = new List<(string Name, LockInfo? Info)>();
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
                else
                {
                    heldLocks.Add((name, info));
                }
            }
        }

        return await TargetLock.HoldAsync(targetLock, async () =>
        {
            var index = await cache.LoadIndexAsync(context, cancellationToken).ConfigureAwait(false);
            var partial = index.PartialSets.ToList();
            items.AddRange(partial.Select(s => new CleanupItem(s.Name.Prefix, InterruptedWork.PartialSet, s.TotalBytes)));
            items.AddRange(index.OrphanSets.Select(s => new CleanupItem(s.Name.Prefix, "incremental whose chain is broken", s.TotalBytes)));
            items.AddRange(index.StrayObjects.Select(o => new CleanupItem(o.Name, "object outside any set", o.Size)));
            var uploadStore = context.Backend as IPartialUploads;
            var uploads = await TargetInspection.ListPartialUploadsAsync(context, cancellationToken).ConfigureAwait(false);
            if (force)
            {
                await SetRemoval.DeleteAsync(context.Backend, partial.Concat(index.OrphanSets), cancellationToken).ConfigureAwait(false);
                foreach (var stray in index.StrayObjects)
                {
                    await context.Backend.DeleteAsync(stray.Name, cancellationToken).ConfigureAwait(false);
                }

                cache.ForgetAllBut(index.Sets.Where(s => s.IsComplete && !index.OrphanSets.Contains(s)).Select(s => s.Name));
                if (uploadStore is not null)
                {
                    uploads = await InterruptedWork.RemoveUploadsAsync(uploadStore, uploads, context.Warn, cancellationToken).ConfigureAwait(false);
                }
            }

            items.AddRange(uploads.Select(InterruptedWork.Describe));
            return new CleanupResult(items, heldLocks);
        }).ConfigureAwait(false);
    }
}
