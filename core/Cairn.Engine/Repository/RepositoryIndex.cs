using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Time;
using Cairn.Format;

namespace Cairn.Engine.Repository;

/// <summary>
/// What is on a target: the set folders (complete, partial, sealed or damaged), the chains the complete sets
/// form, the incrementals whose ancestors are gone (orphans), and stray objects that belong to no set.
/// </summary>
/// <remarks>
/// A sealed set is whole but unreadable with the keys given (its manifest does not open: typically a chain
/// made before a passphrase change, seen through a cold cache). A damaged set's manifest cannot be read and
/// no other key would read it: it is cut off or garbled, it does not authenticate under a key that unwraps it
/// (altered), or it is not encrypted although keys were given (planted); or it is missing although later sets
/// were built on the set (lost: an interrupted backup has no later sets). Both are kept out of the chains, so
/// commands work with the sets that can be read; neither is ever partial or an orphan, so neither
/// <c>cleanup</c> nor <c>prune</c> removes it. What differs is what a command asked for one does: for a
/// sealed set, which other keys can read, a restore warns and takes the newest readable set; for a damaged
/// set it stops, since the backup asked for is no longer there to be had.
/// </remarks>
public sealed class RepositoryIndex
{
    private RepositoryIndex(IReadOnlyList<BackupSet> sets, IReadOnlyList<BackupChain> chains, IReadOnlyList<BackupSet> orphans, IReadOnlyList<BackupSet> sealedSets, IReadOnlyList<BackupSet> damagedSets, IReadOnlyList<BackendObjectInfo> strays, IReadOnlyList<BackendObjectInfo> locks)
    {
        Sets = sets;
        Chains = chains;
        OrphanSets = orphans;
        SealedSets = sealedSets;
        DamagedSets = damagedSets;
        StrayObjects = strays;
        Locks = locks;
    }

    /// <summary>Every set folder, oldest first.</summary>
    public IReadOnlyList<BackupSet> Sets { get; }

    /// <summary>The complete chains, oldest first.</summary>
    public IReadOnlyList<BackupChain> Chains { get; }

    /// <summary>Complete incrementals whose chain is broken (an ancestor is missing or partial); they cannot be restored.</summary>
    public IReadOnlyList<BackupSet> OrphanSets { get; }

    /// <summary>
    /// Sets that cannot be read with the keys given, oldest first: those whose manifest does not open
    /// (<see cref="BackupSet.IsSealed"/>), and incrementals whose chain goes through one.
    /// </summary>
    public IReadOnlyList<BackupSet> SealedSets { get; }

    /// <summary>
    /// Sets whose manifest is on the target but cannot be read with their own keys, oldest first (<see cref="BackupSet.IsDamaged"/>),
    /// and incrementals whose chain goes through one.
    /// </summary>
    public IReadOnlyList<BackupSet> DamagedSets { get; }

    /// <summary>Sets without a manifest that no later set was built on: interrupted backups, removed by <c>cleanup</c>.</summary>
    public IEnumerable<BackupSet> PartialSets => Sets.Where(s => !s.IsComplete && !s.IsSealed && !s.IsDamaged);

    /// <summary>Objects outside any set folder and outside <c>locks/</c>.</summary>
    public IReadOnlyList<BackendObjectInfo> StrayObjects { get; }

    /// <summary>The lock objects.</summary>
    public IReadOnlyList<BackendObjectInfo> Locks { get; }

    /// <summary>
    /// True when the target holds nothing at all: no set, no lock, no other object. A new target looks so, and so
    /// does a URL that is not the one the backups went to (a folder that does not exist lists nothing).
    /// </summary>
    public bool IsEmpty => Sets.Count == 0 && StrayObjects.Count == 0 && Locks.Count == 0;

    /// <summary>
    /// When the target holds no backup (no set but partial ones): the sets this machine's cache has seen there before
    /// (the index was read through the cache), which make the target look like an unmounted disk, a mistyped URL or
    /// deleted backups rather than a new target. Empty otherwise.
    /// </summary>
    public IReadOnlyList<SetName> SeenBefore { get; internal set; } = [];

    /// <summary>What is said of a target that holds nothing at all, naming the backups this machine saw there before.</summary>
    public string EmptyTargetMessage => SeenBefore.Count == 0
        ? NoBackupException.EmptyTargetMessage
        : $"Nothing is stored at this target, but this machine has seen {SeenBefore.Count} backup(s) there (the newest {SeenBefore.Max()}): is its disk mounted, and is the URL the one the backups went to?";

    /// <summary>The newest complete set of any chain, or null when there is none.</summary>
    public BackupChain? LatestChain => Chains.Count == 0 ? null : Chains.MaxBy(c => c.EndTime);

    /// <summary>The newest set that does not open with the keys given, or null when every set opens.</summary>
    public BackupSet? NewestSealedSet => SealedSets.Count == 0 ? null : SealedSets[^1];

    /// <summary>The newest damaged set, or null when there is none.</summary>
    public BackupSet? NewestDamagedSet => DamagedSets.Count == 0 ? null : DamagedSets[^1];

    /// <summary>
    /// Lists the target and reads every complete set's manifest through <paramref name="readManifest"/>, which is
    /// given the manifest object as listed (normally the local cache, which fetches only what it lacks, or what the
    /// listing shows has changed since it was cached). A manifest that no key given opens
    /// (<see cref="NoMatchingKeyException"/>) makes its set sealed, one that is damaged or altered makes it
    /// damaged, rather than failing the listing. A backend's failure still fails it.
    /// </summary>
    public static async Task<RepositoryIndex> LoadAsync(IBackend backend, Func<SetName, BackendObjectInfo, CancellationToken, Task<SetManifest>> readManifest, CancellationToken cancellationToken)
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
            var sorted = objects.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
            var manifestObject = TargetLayout.ObjectName(name, TargetLayout.ManifestFile);
            SetManifest? manifest = null;
            if (objects.FirstOrDefault(o => o.Name == manifestObject) is { } listed)
            {
                try
                {
                    manifest = await readManifest(name, listed, cancellationToken).ConfigureAwait(false);
                }
                catch (NoMatchingKeyException ex)
                {
                    sets.Add(new BackupSet(name, sorted, null) { SealedReason = ex.Message });
                    continue;
                }
                catch (Exception ex) when (ex is AuthenticationFailedException or ArchiveFormatException or InvalidDataException)
                {
                    sets.Add(new BackupSet(name, sorted, null) { Damage = ex });
                    continue;
                }

                if (manifest.Set != name.ToString())
                {
                    sets.Add(new BackupSet(name, sorted, null) { Damage = new InvalidDataException($"{manifestObject}: it describes a different set ({manifest.Set}).") });
                    continue;
                }
            }

            sets.Add(new BackupSet(name, sorted, manifest));
        }

        return Build(sets, strays, locks);
    }

    /// <summary>
    /// Groups complete sets into chains; incrementals whose ancestors are not all complete become orphans,
    /// and those whose chain goes through a sealed or damaged set are sealed or damaged with it.
    /// </summary>
    public static RepositoryIndex Build(IReadOnlyList<BackupSet> sets, IReadOnlyList<BackendObjectInfo> strays, IReadOnlyList<BackendObjectInfo> locks)
    {
        ArgumentNullException.ThrowIfNull(sets);
        sets = WithLostManifests(sets);
        var complete = sets.Where(s => s.IsComplete).ToDictionary(s => s.Name.ToString(), StringComparer.Ordinal);
        var chains = new List<BackupChain>();
        var orphans = new List<BackupSet>();
        var sealedSets = new List<BackupSet>();
        var damagedSets = new List<BackupSet>();
        var sealedNames = sets.Where(s => s.IsSealed).Select(s => s.Name.ToString()).ToHashSet(StringComparer.Ordinal);
        var damaged = sets.Where(s => s.IsDamaged).ToDictionary(s => s.Name.ToString(), StringComparer.Ordinal);
        var members = new Dictionary<string, List<BackupSet>>(StringComparer.Ordinal);
        foreach (var set in sets.Where(s => s.IsComplete || s.IsSealed || s.IsDamaged).OrderBy(s => s.Name))
        {
            if (set.Manifest is not { } manifest)
            {
                (set.IsSealed ? sealedSets : damagedSets).Add(set);
                continue;
            }

            if (set.Name.Kind == SetKind.Full)
            {
                members[manifest.Set] = [set];
                continue;
            }

            var ancestors = manifest.Ancestors;
            if (ancestors.FirstOrDefault(damaged.ContainsKey) is { } damagedAncestor)
            {
                // Readable itself, but a restore needs the sets before it: kept for whoever can mend the damage.
                var cause = damaged[damagedAncestor].Damage!;
                var inherited = set with { Damage = SetDamage.Report(cause, $"{set.Name}: an earlier set of its chain cannot be read: {cause.Message}") };
                damaged[manifest.Set] = inherited;
                damagedSets.Add(inherited);
                continue;
            }

            if (ancestors.FirstOrDefault(sealedNames.Contains) is { } sealedAncestor)
            {
                // Readable itself, but a restore needs the sets before it: not broken, and not to be removed.
                sealedNames.Add(manifest.Set);
                sealedSets.Add(set with { SealedReason = $"{set.Name}: an earlier set of its chain, {sealedAncestor}, does not open with the keys or passphrases given" });
                continue;
            }

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
        return new RepositoryIndex(sets, chains, orphans, sealedSets, damagedSets, strays, locks);
    }

    /// <summary>
    /// A set without a manifest is what an interrupted backup leaves, and <c>cleanup</c> removes it, unless a
    /// later set names it as an ancestor: Cairn writes a manifest last and builds an incremental only on a
    /// complete set, so that set was complete once and its manifest has been lost on the target since. It is
    /// damaged, then, not partial, and so are the sets built on it: removing them as leftovers would throw
    /// away backups that whoever restores the manifest (from a copy of the target, say) could still read.
    /// </summary>
    private static IReadOnlyList<BackupSet> WithLostManifests(IReadOnlyList<BackupSet> sets)
    {
        var namedAsAncestor = sets.SelectMany(s => s.Manifest?.Ancestors ?? []).ToHashSet(StringComparer.Ordinal);
        return sets.Select(set => set.IsComplete || set.IsSealed || set.IsDamaged || !namedAsAncestor.Contains(set.Name.ToString())
            ? set
            : set with
            {
                Damage = new InvalidDataException(
                    $"{TargetLayout.ObjectName(set.Name, TargetLayout.ManifestFile)} is missing, yet later sets were built on the set: it was lost on the target, not left by an interrupted backup."),
            }).ToList();
    }

    /// <summary>The error for an index without a chain: nothing stored at all, or nothing complete.</summary>
    internal NoBackupException NoChains() => IsEmpty ? new NoBackupException(EmptyTargetMessage) : new NoBackupException();

    /// <summary>
    /// The newest complete, restorable set whose time is at or before <paramref name="time"/>, with its chain.
    /// </summary>
    /// <param name="time">The time asked for.</param>
    /// <param name="warn">
    /// Told when a newer set, also at or before <paramref name="time"/>, is sealed: what is found is then older
    /// than what was asked for, and the caller should say so.
    /// </param>
    /// <param name="passDamaged">
    /// Take the newest readable set even when a newer one at that time is damaged (for a caller that reports
    /// <see cref="DamagedSets"/> itself, as <c>verify</c> does); otherwise a damaged set there is an error.
    /// </param>
    /// <exception cref="NoBackupException">No backup is that old; the message names the earliest.</exception>
    /// <exception cref="AuthenticationFailedException">
    /// The only sets that old are sealed; or the newest set that old was altered (see <see cref="BackupSet.Damage"/>).
    /// </exception>
    /// <exception cref="InvalidDataException">The newest set that old is damaged; the message names the object, and the readable set before it.</exception>
    public (BackupChain Chain, BackupSet Set) FindSetAt(DateTimeOffset time, Action<string>? warn = null, bool passDamaged = false)
    {
        var sealedSet = SealedSets.LastOrDefault(s => s.Name.Time <= time);
        var damagedSet = DamagedSets.LastOrDefault(s => s.Name.Time <= time);
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

        if (damagedSet is not null && (best is null || (!passDamaged && damagedSet.Name.CompareTo(best.Value.Item2.Name) > 0)))
        {
            // Unlike a sealed set, no other key reads it: quietly restoring an older backup would hide the loss.
            var older = best is { } readable ? $" The newest readable backup before it is {readable.Item2.Name}: ask for its time with --time." : "";
            throw SetDamage.Report(damagedSet.Damage!, $"The newest backup at that time cannot be read: {damagedSet.Damage!.Message.TrimEnd('.')}.{older}");
        }

        if (best is { } found)
        {
            if (sealedSet is not null && sealedSet.Name.CompareTo(found.Item2.Name) > 0)
            {
                warn?.Invoke($"the newest backup at that time, {sealedSet.Name}, does not open with the keys or passphrases given; using the older {found.Item2.Name}");
            }

            return found;
        }

        if (sealedSet is not null)
        {
            throw new AuthenticationFailedException(sealedSet.SealedReason!);
        }

        if (Chains.Count == 0)
        {
            throw NoChains();
        }

        throw new NoBackupException($"No backup was made at or before {TimeSpecification.Format(time)}; the earliest is {Chains[0].Full.Name} ({TimeSpecification.Format(Chains[0].StartTime)}).");
    }
}
