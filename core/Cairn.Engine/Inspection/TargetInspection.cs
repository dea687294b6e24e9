using Cairn.Contracts.Backends;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Locking;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Inspection;

/// <summary>Read-only views of a target for <c>status</c> and <c>list</c>: they read manifests and catalogues (through the cache) and no data.</summary>
public static class TargetInspection
{
    /// <summary>Lists the target and reads every manifest.</summary>
    public static Task<RepositoryIndex> LoadIndexAsync(EngineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cache = new LocalCache(context.CacheDirectory);
        return cache.LoadIndexAsync(context, cancellationToken);
    }

    /// <summary>
    /// What each lock object of <paramref name="index"/> says (null when Cairn cannot read it), for telling a
    /// stale lock (<see cref="LockInfo.IsStale"/>: its process is gone, and <c>cleanup --force</c> removes it)
    /// from one that is held. A lock released since the listing is left out.
    /// </summary>
    public static Task<IReadOnlyList<(string Name, LockInfo? Info)>> ReadLocksAsync(EngineContext context, RepositoryIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(index);
        return TargetLock.ReadLocksAsync(context.Backend, index.Locks, cancellationToken);
    }

    /// <summary>
    /// The target's unfinished uploads (<see cref="IPartialUploads"/>; none when its backend cannot list them). Without
    /// the target's lock they may include the uploads of a backup running now. A backend error (after the host's
    /// retries) is a warning and an empty list: a store that lacks the listing (some S3-compatible servers) must not
    /// stop a cleanup or a status.
    /// </summary>
    public static async Task<IReadOnlyList<PartialUpload>> ListPartialUploadsAsync(EngineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Backend is not IPartialUploads store)
        {
            return [];
        }

        var uploads = new List<PartialUpload>();
        try
        {
            await foreach (var upload in store.ListPartialUploadsAsync(cancellationToken).ConfigureAwait(false))
            {
                uploads.Add(upload);
            }
        }
        catch (BackendException e)
        {
            context.Warn($"could not list interrupted uploads: {e.Message}");
            return [];
        }

        return uploads;
    }

    /// <summary>The newest backup at or before <paramref name="time"/> and its catalogue (read lazily; enumerate once).</summary>
    /// <exception cref="InvalidOperationException">There is no backup that old.</exception>
    public static Task<(BackupChain Chain, BackupSet Set, IEnumerable<CatalogueRecord> Records)> OpenCatalogueAsync(EngineContext context, DateTimeOffset time, CancellationToken cancellationToken) =>
        OpenCatalogueAsync(context, LoadIndexAsync(context, cancellationToken), time, cancellationToken);

    /// <summary>The newest backup at or before <paramref name="time"/> in an index being loaded (<see cref="LoadIndexAsync"/>), and its catalogue.</summary>
    /// <exception cref="InvalidOperationException">There is no backup that old.</exception>
    public static async Task<(BackupChain Chain, BackupSet Set, IEnumerable<CatalogueRecord> Records)> OpenCatalogueAsync(EngineContext context, Task<RepositoryIndex> loading, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loading);
        var index = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (chain, set) = index.FindSetAt(time, context.Warn);
        var path = await new LocalCache(context.CacheDirectory).GetCataloguePathAsync(context, set.Manifest!, cancellationToken).ConfigureAwait(false);
        return (chain, set, CatalogueReader.ReadFile(path));
    }

    /// <summary>
    /// The bytes a restore of <paramref name="set"/> would fetch at most: the data volumes of every set of the
    /// chain up to it (a whole-tree restore reads from each of them; a single path far less).
    /// </summary>
    public static long RestoreBytes(BackupChain chain, BackupSet set)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(set);
        return chain.Sets.TakeWhile(s => s.Name.CompareTo(set.Name) <= 0).Sum(s => s.Manifest!.Volumes.Sum(v => v.Size)) + set.Manifest!.Catalogue.Size;
    }
}
