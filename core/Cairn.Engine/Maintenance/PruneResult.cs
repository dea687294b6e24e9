using Cairn.Engine.Retention;

namespace Cairn.Engine.Maintenance;

/// <summary>What a prune decided and did.</summary>
/// <param name="Decisions">Every complete set with whether it is kept and why.</param>
/// <param name="Deleted">True when the sets were removed (<c>--force</c>); false for a dry run.</param>
/// <param name="Bytes">Bytes of the removed sets (or of those a forced run would remove).</param>
public sealed record PruneResult(IReadOnlyList<RetentionDecision> Decisions, bool Deleted, long Bytes);
