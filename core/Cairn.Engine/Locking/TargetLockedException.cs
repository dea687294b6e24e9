namespace Cairn.Engine.Locking;

/// <summary>Another process holds the target's lock (or held it and died without releasing it).</summary>
public sealed class TargetLockedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TargetLockedException(string message, LockInfo? holder, bool isStale)
        : base(message)
    {
        Holder = holder;
        IsStale = isStale;
    }

    /// <summary>Who holds the lock, when the lock object could be read.</summary>
    public LockInfo? Holder { get; }

    /// <summary>True when the holder is known to be dead (same host, process gone).</summary>
    public bool IsStale { get; }
}
