namespace Cairn.Hosting.Profiles;

/// <summary>A profile's <c>policy:</c> block: when to start a new full chain and how many to keep.</summary>
/// <param name="FullIfOlderThan">Start a full backup when the last full one is older than this; <see langword="null"/>: only when asked.</param>
/// <param name="KeepFull">How many full chains <c>prune</c> keeps (with their incrementals); <see langword="null"/>: keep all.</param>
public sealed record ProfilePolicy(TimeSpan? FullIfOlderThan = null, int? KeepFull = null)
{
    /// <summary>No automatic fulls, nothing pruned.</summary>
    public static ProfilePolicy Default { get; } = new();
}
