using Cairn.Engine.Repository;

namespace Cairn.Engine.Retention;

/// <summary>What a policy does to one set.</summary>
/// <param name="Set">The set.</param>
/// <param name="Keep">True to keep it.</param>
/// <param name="Reason">Why, in a few words (shown by <c>prune</c>).</param>
public sealed record RetentionDecision(BackupSet Set, bool Keep, string Reason);
