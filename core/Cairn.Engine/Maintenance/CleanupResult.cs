using Cairn.Engine.Locking;

namespace Cairn.Engine.Maintenance;

/// <summary>What <c>cleanup</c> removed, or in a dry run would remove.</summary>
/// <param name="Items">The leftovers, removed or removable.</param>
/// <param name="HeldLocks">
/// In a dry run, the locks of live or unknown processes (an unreadable lock has no info): what such a process is
/// writing now may be among <paramref name="Items"/>, and a forced cleanup refuses while it holds the lock. Empty
/// when forced, which holds the lock itself.
/// </param>
public sealed record CleanupResult(IReadOnlyList<CleanupItem> Items, IReadOnlyList<(string Name, LockInfo? Info)> HeldLocks);
