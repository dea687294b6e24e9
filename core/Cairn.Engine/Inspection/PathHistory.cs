using Cairn.Contracts.Ciphers;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Format.Entries;

namespace Cairn.Engine.Inspection;

/// <summary>
/// The versions one path had across every backup on a target, oldest first, for choosing the time to restore it from:
/// with duplicity the user guesses a time, restores, looks, and guesses again.
/// </summary>
/// <remarks>
/// Each backup's catalogue is read (through the cache, fetched once when missing) only up to the path: a catalogue is
/// in path order. A new version starts where the entry's type, size, content hash or link target differs from the
/// backup before; a change of times, mode or owner alone is the same version. Backups that cannot be read with the
/// keys given, or are damaged, are not in the chains and so not in the history.
/// </remarks>
public static class PathHistory
{
    /// <summary>Reads the history of <paramref name="path"/>.</summary>
    /// <param name="context">The target.</param>
    /// <param name="loading">The target's index, being loaded (<see cref="TargetInspection.LoadIndexAsync"/>).</param>
    /// <param name="path">The path, relative to the backed-up folder.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The versions, oldest first, runs without the path included; empty when no backup ever held it.</returns>
    /// <exception cref="NoBackupException">The target holds no complete backup.</exception>
    /// <exception cref="AuthenticationFailedException">No backup on the target opens with the keys given.</exception>
    /// <exception cref="ArgumentException">The path has a <c>..</c> segment.</exception>
    public static async Task<IReadOnlyList<PathVersion>> ReadAsync(EngineContext context, Task<RepositoryIndex> loading, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loading);
        ArgumentNullException.ThrowIfNull(path);
        var wanted = new PathSelection([path]);
        var index = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sets = index.Chains.SelectMany(c => c.Sets).OrderBy(s => s.Name).ToList();
        if (sets.Count == 0)
        {
            throw index.SealedSets.Count > 0 ? new AuthenticationFailedException(index.SealedSets[^1].SealedReason!) : index.NoChains();
        }

        var cache = new LocalCache(context.CacheDirectory);
        var versions = new List<PathVersion>();
        foreach (var set in sets)
        {
            var catalogue = await cache.GetCataloguePathAsync(context, set.Manifest!, cancellationToken).ConfigureAwait(false);
            var record = Find(catalogue, wanted);
            if (versions.Count > 0 && SameVersion(versions[^1].Record, record))
            {
                versions[^1] = versions[^1] with { Last = set, Backups = versions[^1].Backups + 1 };
            }
            else
            {
                versions.Add(new PathVersion(set, set, 1, record));
            }
        }

        return versions is [{ Record: null }] ? [] : versions;
    }

    /// <summary>The record of the requested path itself in one catalogue, reading no further than it.</summary>
    private static CatalogueRecord? Find(string cataloguePath, PathSelection wanted)
    {
        // The first record listed is the path itself: a catalogue puts a folder before its contents.
        return wanted.Listed(CatalogueReader.ReadFile(cataloguePath)).FirstOrDefault();
    }

    private static bool SameVersion(CatalogueRecord? a, CatalogueRecord? b) =>
        a is null || b is null ? a is null && b is null : a.HasSameContentAs(b);
}
