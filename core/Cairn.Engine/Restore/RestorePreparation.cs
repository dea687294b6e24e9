using Cairn.Engine.Caching;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Restore;

/// <summary>
/// What a restore does before it knows what to restore: it starts deriving the key from the header the cache kept
/// (<see cref="KeyWarmUp"/>) and reads the target's index. A command line starts this while it is still parsing its
/// arguments; <see cref="RestoreJob.RunAsync(RestorePreparation, RestoreRequest, IProgress{RestoreProgress}?, CancellationToken)"/>
/// goes on from it.
/// </summary>
public sealed class RestorePreparation
{
    private RestorePreparation(EngineContext context, LocalCache cache, Task keyWarmUp, Task<RepositoryIndex> index)
    {
        Context = context;
        Cache = cache;
        KeyWarmUp = keyWarmUp;
        Index = index;
    }

    internal EngineContext Context { get; }

    internal LocalCache Cache { get; }

    /// <summary>The key derivation's head start; never fails.</summary>
    internal Task KeyWarmUp { get; }

    /// <summary>The target's index, or the error that reading it met (the restore's to report).</summary>
    internal Task<RepositoryIndex> Index { get; }

    /// <summary>
    /// Starts preparing a restore from <paramref name="context"/>'s target. Resolving the identities happens here, on
    /// the caller's thread, and may ask for a passphrase, as the restore would.
    /// </summary>
    public static RestorePreparation Start(EngineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cache = new LocalCache(context.CacheDirectory);
        var keyWarmUp = Restore.KeyWarmUp.Start(context, cache, cancellationToken);
        return new RestorePreparation(context, cache, keyWarmUp, cache.LoadIndexAsync(context, cancellationToken));
    }

    /// <summary>Waits for what was started, whatever its outcome: for a preparation no restore will use.</summary>
    public async Task AbandonAsync()
    {
        try
        {
            await Index.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nobody restores from it: its error has no one to go to.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await KeyWarmUp.ConfigureAwait(false);
    }
}
