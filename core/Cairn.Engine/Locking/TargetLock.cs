using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Locking;

/// <summary>
/// An exclusive lock on a target: an object <c>locks/HOST-PID-RANDOM.json</c> saying who holds it. A
/// taker writes its own lock object, then lists <c>locks/</c>: if anyone else's is there, it removes its
/// own and fails, so two takers racing both back off rather than both proceeding.
/// </summary>
public sealed class TargetLock : IAsyncDisposable
{
    private readonly IBackend _backend;
    private readonly string _name;
    private bool _released;

    private TargetLock(IBackend backend, string name, LockInfo info)
    {
        _backend = backend;
        _name = name;
        Info = info;
    }

    /// <summary>What this lock says.</summary>
    public LockInfo Info { get; }

    /// <summary>Locks that were broken to take this one: each object's name and what it said (null when unreadable).</summary>
    public IReadOnlyList<(string Name, LockInfo? Info)> BrokenLocks { get; private init; } = [];

    /// <summary>Takes the target's lock.</summary>
    /// <param name="backend">The target.</param>
    /// <param name="operation">What the caller is about to do, recorded in the lock.</param>
    /// <param name="breaking">Which existing locks to remove first: none, only those of dead processes on this host, or all (after the user made sure no other process runs).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="TargetLockedException">Another lock exists; the message says whose and how to clear it.</exception>
    public static async Task<TargetLock> AcquireAsync(IBackend backend, string operation, LockBreaking breaking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var broken = new List<(string, LockInfo?)>();
        foreach (var (name, info) in await ReadLocksAsync(backend, cancellationToken).ConfigureAwait(false))
        {
            if (breaking == LockBreaking.All || (breaking == LockBreaking.Stale && info is { IsStale: true }))
            {
                await backend.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
                broken.Add((name, info));
                continue;
            }

            throw Locked(info);
        }

        var mine = LockInfo.ForCurrentProcess(operation);
        var objectName = $"{TargetLayout.LocksPrefix}{Sanitize(mine.Host)}-{mine.Pid}-{Guid.NewGuid():N}.json";
        try
        {
            using (var content = new MemoryStream(mine.ToJson()))
            {
                await backend.WriteAsync(objectName, content, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (name, info) in await ReadLocksAsync(backend, cancellationToken).ConfigureAwait(false))
            {
                if (name != objectName)
                {
                    throw Locked(info);
                }
            }
        }
        catch
        {
            // Another lock came in beside ours, or the command was stopped (Ctrl-C) while taking it: ours goes, or it
            // would stop every later run until a cleanup. Gone already, or the store failing, changes nothing here.
            try
            {
                await backend.DeleteAsync(objectName, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BackendException)
            {
            }

            throw;
        }

        return new TargetLock(backend, objectName, mine) { BrokenLocks = broken };
    }

    /// <summary>
    /// Takes the lock for an operation that changes the target. The locks of processes known to be gone (a backup
    /// killed by the OOM killer, or cut short by a power failure) are removed with a warning, so that one crash does
    /// not stop every later nightly run until someone clears it; with <paramref name="breakAll"/>
    /// (<c>--break-lock</c>) every lock is.
    /// </summary>
    /// <exception cref="TargetLockedException">A lock of a live process, or of another machine, is there.</exception>
    internal static async Task<TargetLock> TakeAsync(EngineContext context, string operation, bool breakAll, CancellationToken cancellationToken)
    {
        var taken = await AcquireAsync(context.Backend, operation, breakAll ? LockBreaking.All : LockBreaking.Stale, cancellationToken).ConfigureAwait(false);
        foreach (var (name, info) in taken.BrokenLocks)
        {
            context.Warn(info is { IsStale: true }
                ? $"removed the stale lock {name} ({info.Describe()}): its process is no longer running"
                : $"removed the lock {name} ({info?.Describe() ?? "unreadable"}), as --break-lock asked");
        }

        return taken;
    }

    /// <summary>Reads every lock on the target (an unreadable one as null info).</summary>
    public static async Task<IReadOnlyList<(string Name, LockInfo? Info)>> ReadLocksAsync(IBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var listed = new List<BackendObjectInfo>();
        await foreach (var info in backend.ListAsync(TargetLayout.LocksPrefix, cancellationToken).ConfigureAwait(false))
        {
            listed.Add(info);
        }

        return await ReadLocksAsync(backend, listed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the lock objects <paramref name="lockObjects"/> of a listing already made (an unreadable one as null
    /// info); one released since the listing is left out.
    /// </summary>
    public static async Task<IReadOnlyList<(string Name, LockInfo? Info)>> ReadLocksAsync(IBackend backend, IEnumerable<BackendObjectInfo> lockObjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(lockObjects);
        var locks = new List<(string, LockInfo?)>();
        foreach (var info in lockObjects)
        {
            LockInfo? parsed = null;
            try
            {
                await using var stream = await backend.OpenReadAsync(info.Name, 0, Math.Min(info.Size, 64 * 1024), cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                parsed = LockInfo.FromJson(buffer.ToArray());
            }
            catch (BackendNotFoundException)
            {
                continue; // released while we listed
            }

            locks.Add((info.Name, parsed));
        }

        return locks;
    }

    /// <summary>Removes the lock object.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        await _backend.DeleteAsync(_name, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the lock object after the operation under it failed. When removing fails too (the store is
    /// failing), that second error is dropped so that the operation's own error is the one reported; the lock
    /// object stays behind, and <c>cleanup</c> removes it once its process has ended.
    /// </summary>
    public async ValueTask ReleaseAfterFailureAsync()
    {
        try
        {
            await DisposeAsync().ConfigureAwait(false);
        }
        catch (BackendException)
        {
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under <paramref name="held"/> (or under no lock, for dry runs) and releases
    /// the lock afterwards. When the work fails, a failure to release is dropped (see
    /// <see cref="ReleaseAfterFailureAsync"/>) so that the work's own error is the one reported.
    /// </summary>
    internal static async Task<T> HoldAsync<T>(TargetLock? held, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch when (held is not null)
        {
            // A failing store usually fails the lock's removal as well: report the operation's error, not that one.
            await held.ReleaseAfterFailureAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static TargetLockedException Locked(LockInfo? holder)
    {
        if (holder is null)
        {
            return new TargetLockedException("The target is locked by a lock object Cairn cannot read; if no other Cairn process uses this target, clear it with `cairn cleanup --force --break-lock`.", null, false);
        }

        if (holder.IsStale)
        {
            return new TargetLockedException($"The target is locked by a process that is no longer running ({holder.Describe()}); clear the stale lock with `cairn cleanup --force` (or pass --break-lock).", holder, true);
        }

        return new TargetLockedException($"The target is locked by another Cairn process ({holder.Describe()}); wait for it to finish.", holder, false);
    }

    private static string Sanitize(string host) =>
        new(host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
