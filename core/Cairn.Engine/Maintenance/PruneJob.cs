using Cairn.Engine.Caching;
using Cairn.Engine.Locking;
using Cairn.Engine.Repository;
using Cairn.Engine.Retention;

namespace Cairn.Engine.Maintenance;

/// <summary>Applies a retention policy: lists what it would remove, and removes it when forced.</summary>
public static class PruneJob
{
    /// <summary>Plans, and with <paramref name="force"/> carries out, a prune.</summary>
    /// <exception cref="TargetLockedException">A forced prune found the target locked.</exception>
    public static async Task<PruneResult> RunAsync(EngineContext context, RetentionPolicy policy, bool force, bool breakLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        var cache = new LocalCache(context.CacheDirectory);
        var targetLock = force ? await TargetLock.TakeAsync(context, "prune", breakLock, cancellationToken).ConfigureAwait(false) : null;
        return await TargetLock.HoldAsync(targetLock, async () =>
        {
            var index = await cache.LoadIndexAsync(context, cancellationToken).ConfigureAwait(false);
            var decisions = RetentionPlanner.Plan(index.Chains, policy);
            if (index.SealedSets.Count > 0)
            {
                // Their chains cannot be read, so the policy cannot be applied to them; removing blind is not an option.
                context.Warn($"{index.SealedSets.Count} set(s) do not open with the keys or passphrases given and are kept (the newest: {index.NewestSealedSet!.Name}); prune with those keys to apply the policy to them");
            }

            if (index.DamagedSets.Count > 0)
            {
                context.Warn($"{index.DamagedSets.Count} set(s) cannot be read and are kept (the newest: {index.NewestDamagedSet!.Name}); `cairn status` says why");
            }

            var doomed = decisions.Where(d => !d.Keep).Select(d => d.Set).ToList();
            var bytes = doomed.Sum(s => s.TotalBytes);
            if (force && doomed.Count > 0)
            {
                await SetRemoval.DeleteAsync(context.Backend, doomed, cancellationToken).ConfigureAwait(false);
                cache.ForgetAllBut(index.Sets.Select(s => s.Name).Except(doomed.Select(s => s.Name)));
            }

            return new PruneResult(decisions, force, bytes);
        }).ConfigureAwait(false);
    }
}
