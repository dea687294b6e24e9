using Cairn.Engine.Repository;
using Cairn.Engine.Time;

namespace Cairn.Engine.Retention;

/// <summary>Applies a <see cref="RetentionPolicy"/> to a target's chains.</summary>
public static class RetentionPlanner
{
    /// <summary>
    /// Decides, for every set of every complete chain, whether it is kept. Removal is whole chains (older
    /// than, keep-full) or a chain's incrementals (keep-incrementals-of), so no kept set ever loses a set
    /// it builds on. Orphans and partial sets are left to <c>cleanup</c>. Chains are ranked by their sets' names, which
    /// follow the order backups were made in even when the clock went backwards (a set is then named one second after
    /// the newest one), so the chain kept as the newest is the last one made, whatever the clock says.
    /// </summary>
    public static IReadOnlyList<RetentionDecision> Plan(IReadOnlyList<BackupChain> chains, RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        var newestFirst = chains.OrderByDescending(c => c.EndTime).ToList();
        var decisions = new List<RetentionDecision>();
        for (var rank = 0; rank < newestFirst.Count; rank++)
        {
            var chain = newestFirst[rank];
            string? removeChain = null;
            string? removeIncrementals = null;
            if (rank == 0)
            {
                // The newest chain is what the next incremental builds on and the only way to restore the latest state.
            }
            else if (policy.KeepFull is { } keepFull && rank >= keepFull)
            {
                removeChain = $"beyond the newest {keepFull} full chain(s)";
            }
            else if (policy.OlderThan is { } olderThan && chain.EndTime < olderThan)
            {
                removeChain = olderThan == TimeSpecification.Newest ? "chain ends before now" : $"chain ends before {TimeSpecification.Format(olderThan)}";
            }
            else if (policy.KeepIncrementalsOf is { } keepInc && rank >= keepInc)
            {
                removeIncrementals = $"incrementals kept only for the newest {keepInc} chain(s)";
            }

            foreach (var set in chain.Sets)
            {
                if (removeChain is not null)
                {
                    decisions.Add(new RetentionDecision(set, false, removeChain));
                }
                else if (removeIncrementals is not null && set.Name.Kind == SetKind.Incremental)
                {
                    decisions.Add(new RetentionDecision(set, false, removeIncrementals));
                }
                else
                {
                    decisions.Add(new RetentionDecision(set, true, rank == 0 ? "newest chain" : "kept by policy"));
                }
            }
        }

        decisions.Sort((a, b) => a.Set.Name.CompareTo(b.Set.Name));
        return decisions;
    }
}
