using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Inspection;

/// <summary>
/// What changed between two backups, path by path, from their catalogues (no data is read): what an admin asks when a
/// night's incremental is larger than it should be, and what a restore to an earlier time would undo.
/// </summary>
/// <remarks>
/// Every catalogue lists the whole tree in <see cref="PathOrder"/>, so the two are merged in one pass, with the memory
/// of one record each. A change of times alone is no change: a <c>touch</c> does not show.
/// </remarks>
public static class BackupDiff
{
    /// <summary>
    /// Finds the two backups and opens the comparison: <paramref name="to"/> is the newest backup at or before that time,
    /// and the earlier one the newest at or before <paramref name="from"/>, or, when that is null, the backup just before
    /// <paramref name="to"/> (in whichever chain).
    /// </summary>
    /// <returns>The two backups and their differences in path order (read lazily; enumerate once).</returns>
    /// <exception cref="NoBackupException">No backup that old, or no backup before the later one.</exception>
    public static async Task<(BackupSet From, BackupSet To, IEnumerable<PathChange> Changes)> OpenAsync(
        EngineContext context, Task<RepositoryIndex> loading, DateTimeOffset? from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loading);
        var index = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (_, later) = index.FindSetAt(to, context.Warn);
        BackupSet earlier;
        if (from is { } fromTime)
        {
            (_, earlier) = index.FindSetAt(fromTime, context.Warn);
        }
        else
        {
            earlier = index.Chains.SelectMany(c => c.Sets).Where(s => s.Name.CompareTo(later.Name) < 0).MaxBy(s => s.Name)
                ?? throw new NoBackupException($"{later.Name} is the first backup on the target: there is no earlier one to compare it with.");
        }

        var cache = new LocalCache(context.CacheDirectory);
        var before = await cache.GetCataloguePathAsync(context, earlier.Manifest!, cancellationToken).ConfigureAwait(false);
        var after = await cache.GetCataloguePathAsync(context, later.Manifest!, cancellationToken).ConfigureAwait(false);
        return (earlier, later, Compare(CatalogueReader.ReadFile(before), CatalogueReader.ReadFile(after)));
    }

    /// <summary>The differences between two catalogues' records, both in <see cref="PathOrder"/>, in that order.</summary>
    public static IEnumerable<PathChange> Compare(IEnumerable<CatalogueRecord> before, IEnumerable<CatalogueRecord> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        using var a = before.GetEnumerator();
        using var b = after.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            var order = !hasA ? 1 : !hasB ? -1 : PathOrder.Compare(a.Current.Metadata.Path, b.Current.Metadata.Path);
            if (order < 0)
            {
                yield return new PathChange(PathChangeKind.Removed, a.Current, null);
                hasA = a.MoveNext();
            }
            else if (order > 0)
            {
                yield return new PathChange(PathChangeKind.Added, null, b.Current);
                hasB = b.MoveNext();
            }
            else
            {
                var (x, y) = (a.Current, b.Current);
                if (!x.HasSameContentAs(y))
                {
                    yield return new PathChange(PathChangeKind.Changed, x, y);
                }
                else if (x.Metadata.Mode != y.Metadata.Mode || x.Metadata.Uid != y.Metadata.Uid || x.Metadata.Gid != y.Metadata.Gid)
                {
                    yield return new PathChange(PathChangeKind.Metadata, x, y);
                }

                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
    }
}
