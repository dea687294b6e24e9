namespace Cairn.Engine.Locking;

/// <summary>Which existing locks an operation removes before taking its own.</summary>
public enum LockBreaking
{
    /// <summary>None: any existing lock makes the operation fail.</summary>
    None,

    /// <summary>Locks of processes known to be gone (<see cref="LockInfo.IsStale"/>).</summary>
    Stale,

    /// <summary>Every lock (<c>--break-lock</c>: the user vouches that no other Cairn process uses the target).</summary>
    All,
}
