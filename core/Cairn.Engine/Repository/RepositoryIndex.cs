using Cairn.Contracts.Backends;

namespace Cairn.Engine.Repository;

/// <summary>
/// What is on a target: the set folders (complete or partial), the chains the complete sets form, the
/// incrementals whose ancestors are gone (orphans), and stray objects that belong to no set.
/// </summary>
public sealed class RepositoryIndex
{
    private RepositoryIndex(IReadOnlyList<BackupSet> sets, IReadOnlyList<BackupChain> chains, IReadOnlyList<BackupSet> orphans, IReadOnlyList<BackendObjectInfo> strays, IReadOnlyList<BackendObjectInfo> locks)
    {
        Sets = sets;
        Chains = chains;
        OrphanSets = orphans;
        StrayObjects = strays;
        Locks = locks;
    }

    /// <summary>Every set folder, oldest first.</summary>
    public IReadOnlyList<BackupSet> Sets { get; }

    /// <summary>The complete chains, oldest first.</summary>
    public IReadOnlyList<BackupChain> Chains { get; }

    /// <summary>Complete incrementals whose chain is broken (an ancestor is missing or partial); they cannot be restored.</summary>
    public IReadOnlyList<BackupSet> OrphanSets { get; }

    /// <summary>Sets without a manifest: interrupted backups, removed by <c>cleanup</c>.</summary>
    public IEnumerable<BackupSet> PartialSets => Sets.Where(s => !s.IsComplete);

    /// <summary>Objects outside any set folder and outside <c>locks/</c>.</summary>
    public IReadOnlyList<BackendObjectInfo> StrayObjects { get; }

    /// <summary>The lock objects.</summary>
    public IReadOnlyList<BackendObjectInfo> Locks { get; }

    /// <summary>The newest complete set of any chain, or null when there is none.</summary>
    public BackupChain? LatestChain => Chains.Count == 0 ? null : Chains.MaxBy(c => c.EndTime);

    /// <summary>
    /// Lists the target and reads every complete set's manifest through <paramref name="readManifest"/>
    /// (normally the local cache, which fetches only what it lacks).
    /// </summary>
    public static async Task<RepositoryIndex> LoadAsync(IBackend backend, Func<SetName, CancellationToken, Task<SetManifest>> readManifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(readManifest);
        var bySet = new Dictionary<SetName, List<BackendObjectInfo>>();
        var strays = new List<BackendObjectInfo>();
        var locks = new List<BackendObjectInfo>();
        await foreach (var info in backend.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            var slash = info.Name.IndexOf('/', StringComparison.Ordinal);
            if (info.Name.StartsWith(TargetLayout.LocksPrefix, StringComparison.Ordinal))
            {
                locks.Add(info);
            }
            else if (slash > 0 && SetName.TryParse(info.Name[..slash], out var set))
            {
                if (!bySet.TryGetValue(set, out var list))
                {
                    bySet[set] = list = [];
                }

                list.Add(info);
            }
            else
            {
                strays.Add(info);
            }
        }

        var sets = new List<BackupSet>();
        foreach (var (name, objects) in bySet.OrderBy(p => p.Key))
        {
            SetManifest? manifest = null;
            if (objects.Any(o => o.Name == TargetLayout.ObjectName(name, TargetLayout.ManifestFile)))
            {
                manifest = await readManifest(name, cancellationToken).ConfigureAwait(false);
                if (manifest.Set != name.ToString())
                {
                    throw new InvalidDataException($"The manifest in {name.Prefix} describes a different set ({manifest.Set}).");
                }
            }

            sets.Add(new BackupSet(name, objects.OrderBy(o => o.Name, StringComparer.Ordinal).ToList(), manifest));
        }

        return Build(sets, strays, locks);
    }

    /// <summary>Groups complete sets into chains; incrementals whose ancestors are not all complete become orphans.</summary>
    public static RepositoryIndex Build(IReadOnlyList<BackupSet> sets, IReadOnlyList<BackendObjectInfo> strays, IReadOnlyList<BackendObjectInfo> locks)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var complete = sets.Where(s => s.IsComplete).ToDictionary(s => s.Name.ToString(), StringComparer.Ordinal);
        var chains = new List<BackupChain>();
        var orphans = new List<BackupSet>();
        var members = new Dictionary<string, List<BackupSet>>(StringComparer.Ordinal);
        foreach (var set in sets.Where(s => s.IsComplete).OrderBy(s => s.Name))
        {
            var manifest = set.Manifest!;
            if (set.Name.Kind == SetKind.Full)
            {
                members[manifest.Set] = [set];
                continue;
            }

            var ancestors = manifest.Ancestors;
            if (ancestors.Count == 0 || !ancestors.All(complete.ContainsKey) || !members.TryGetValue(ancestors[0], out var chain)
                || chain.Count != ancestors.Count || !chain.Select(s => s.Name.ToString()).SequenceEqual(ancestors, StringComparer.Ordinal))
            {
                orphans.Add(set);
                continue;
            }

            chain.Add(set);
        }

        foreach (var list in members.Values)
        {
            chains.Add(new BackupChain(list));
        }

        chains.Sort((a, b) => a.StartTime.CompareTo(b.StartTime));
        return new RepositoryIndex(sets, chains, orphans, strays, locks);
    }

    /// <summary>
    /// The newest complete, restorable set whose time is at or before <paramref name="time"/>, with its chain.
    /// </summary>
    /// <exception cref="InvalidOperationException">No backup is that old; the message names the earliest.</exception>
    public (BackupChain Chain, BackupSet Set) FindSetAt(DateTimeOffset time)
    {
        (BackupChain, BackupSet)? best = null;
        foreach (var chain in Chains)
        {
            foreach (var set in chain.Sets)
            {
                if (set.Name.Time <= time && (best is null || set.Name.CompareTo(best.Value.Item2.Name) > 0))
                {
                    best = (chain, set);
                }
            }
        }

        if (best is { } found)
        {
            return found;
        }

        if (Chains.Count == 0)
        {
            throw new InvalidOperationException("The target holds no complete backup.");
        }

        throw new InvalidOperationException($"No backup was made at or before {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; the earliest is {Chains[0].Full.Name} ({Chains[0].StartTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}).");
    }
}
