using Cairn.Contracts.Ciphers;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Locking;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Engine.Time;

namespace Cairn.Engine.Backup;

/// <summary>
/// Makes one backup set: a full set, or an incremental on the newest chain. See docs/design.md for the
/// order of writes that makes it crash-safe (volumes, signatures, catalogue, and the manifest last).
/// </summary>
public static class BackupJob
{
    /// <summary>Runs a backup.</summary>
    /// <param name="context">The target and algorithms.</param>
    /// <param name="options">What to back up.</param>
    /// <param name="progress">Receives progress (about ten times a second), or null.</param>
    /// <param name="cancellationToken">Stops the backup; the set stays partial and <c>cleanup</c> removes it.</param>
    /// <returns>The new set and its summary.</returns>
    /// <exception cref="TargetLockedException">Another process holds the target's lock.</exception>
    /// <exception cref="DirectoryNotFoundException">The source does not exist.</exception>
    /// <exception cref="TargetEmptiedException">The target holds no backup, though the cache knows some there.</exception>
    /// <exception cref="Contracts.Backends.BackendException">The target failed.</exception>
    /// <exception cref="InvalidDataException">A manifest, catalogue or signature on the target or in the cache is corrupt.</exception>
    /// <exception cref="AuthenticationFailedException">
    /// An incremental was asked for, and the newest set does not open with the keys given (or, continuing the
    /// chain, a passphrase recipient finds it was made with another passphrase).
    /// </exception>
    public static async Task<BackupResult> RunAsync(EngineContext context, BackupOptions options, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Source))
        {
            throw new DirectoryNotFoundException(File.Exists(options.Source)
                ? $"The source {options.Source} is a file: a backup's source is a folder (back up the folder that holds it, with selection rules to keep only this file)."
                : $"The source folder {options.Source} does not exist.");
        }

        OwnFolders.Of(context).CheckSource(options.Source);

        if (options.ForceFull && !options.DryRun)
        {
            RecipientWarmUp.Start(context.Encryption);
        }

        var cache = new LocalCache(context.CacheDirectory);
        var targetLock = options.DryRun ? null : await TargetLock.TakeAsync(context, "backup", options.BreakLock, cancellationToken).ConfigureAwait(false);
        return await TargetLock.HoldAsync(targetLock, async () =>
        {
            var now = options.Time ?? DateTimeOffset.UtcNow;
            var (index, latest, fullReason, parentManifest) = await ChooseAsync(context, cache, options, now, cancellationToken).ConfigureAwait(false);
            var kind = fullReason is null ? SetKind.Incremental : SetKind.Full;
            if (kind == SetKind.Full && !options.ForceFull && !options.DryRun)
            {
                RecipientWarmUp.Start(context.Encryption);
            }

            var name = SetName.Create(kind, now);
            var newest = index.Sets.Count == 0 ? DateTimeOffset.MinValue : index.Sets.Max(s => s.Name.Time);
            if (name.Time <= newest)
            {
                // Never reuse (or sort before) an existing folder, partial ones included: names keep the order backups
                // were made in when the clock is behind the target, which `now` and retention rely on (TimeSpecification.Newest).
                // Within the same second that is just two quick runs; further behind, the clock is wrong and its
                // intervals ("3D") and full-if-older-than count from the wrong time, which the user should hear.
                if (name.Time < newest)
                {
                    context.Warn($"the clock ({TimeSpecification.Format(now)}) is behind the newest backup on the target ({TimeSpecification.Format(newest)}); "
                        + "this backup is named one second after it, so backups keep their order. Check the clock (timedatectl)");
                }

                name = new SetName(kind, newest.AddSeconds(1));
            }

            IReadOnlyList<SetManifest> chain = kind == SetKind.Full ? [] : latest!.Sets.Select(s => s.Manifest!).ToList();
            string? previousCatalogue = chain.Count == 0 ? null
                : await cache.GetCataloguePathAsync(context, chain[^1], cancellationToken).ConfigureAwait(false);
            var setContext = chain.Count == 0 ? context : ChainRecipients.Continue(context, latest!.Last.Name, parentManifest!);
            var writer = new SetWriter(setContext, cache, options, name, chain, previousCatalogue, progress, cancellationToken);
            var (summary, manifest, warnings) = await Task.Run(writer.RunAsync, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<CleanupItem> removed = [];
            if (!options.DryRun)
            {
                cache.ForgetAllBut(index.Sets.Select(s => s.Name).Append(name));

                // With this set complete, what killed backups left is of no more use: gone at once, a crashed nightly run
                // does not keep its partial set (as large as a first backup) until someone reads `status`.
                removed = await InterruptedWork.RemoveAfterBackupAsync(context, index, targetLock!.BrokenLocks.Count > 0, cancellationToken).ConfigureAwait(false);
            }

            return new BackupResult(name, summary, manifest, warnings, fullReason) { LeftOut = writer.LeftOut, Removed = removed };
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts deriving the key a new chain's first volume wraps its key with (a passphrase recipient's Argon2id, about
    /// 0.25 s), on a thread of its own, ahead of <see cref="RunAsync"/>: for a caller that knows it will ask for a full
    /// backup (<see cref="BackupOptions.ForceFull"/>) before it can start it. <see cref="RunAsync"/> starts it too; the
    /// derivation runs once either way.
    /// </summary>
    /// <param name="context">The context the backup will run with.</param>
    public static void StartKeyDerivation(EngineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RecipientWarmUp.Start(context.Encryption);
    }

    /// <summary>
    /// Reads the target's index and decides what to build on: the newest chain, or nothing (a full backup, with
    /// why). For an incremental, the manifest of the set it builds on is read from the target as stored and
    /// compared with the one the cache holds (<see cref="LocalCache.ReadManifestObjectAsync"/>): when it differs,
    /// the index is read again with that manifest taken from the target, as a machine without this cache reads
    /// it, so that a manifest damaged on the target refuses the incremental here too.
    /// </summary>
    /// <returns>The index, the chain to build on (null for a first backup), why the backup is full (null for an
    /// incremental), and the stored manifest object of the set an incremental builds on.</returns>
    private static async Task<(RepositoryIndex Index, BackupChain? Latest, string? FullReason, byte[]? ParentManifest)> ChooseAsync(
        EngineContext context, LocalCache cache, BackupOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var pass = 0; ; pass++)
        {
            var index = await cache.LoadIndexAsync(context, cancellationToken).ConfigureAwait(false);
            if (!options.AllowEmptyTarget && index.SeenBefore is { Count: > 0 } seen)
            {
                throw new TargetEmptiedException(seen.Count, seen.Max().ToString());
            }

            var latest = index.LatestChain;
            if (index.NewestSealedSet is { } sealedSet && !options.ForceFull && (latest is null || sealedSet.Name.CompareTo(latest.Last.Name) > 0))
            {
                // Carrying on from an older chain (or starting a new one) under these keys would hide that the
                // keys are not the ones the last backup used: a mistyped passphrase in a nightly job, say.
                throw new AuthenticationFailedException(
                    $"The newest backup on the target, {sealedSet.Name}, does not open with the keys or passphrases given. " +
                    "Back up with the keys it was made with, or start a new chain with a full backup (--full) to change them.");
            }

            if (index.NewestDamagedSet is { } damagedSet && !options.ForceFull && (latest is null || damagedSet.Name.CompareTo(latest.Last.Name) > 0))
            {
                // Carrying on from the set before it would fork the chain around a hole; a new chain is the way on.
                throw SetDamage.Report(damagedSet.Damage!,
                    $"The newest backup on the target cannot be read: {damagedSet.Damage!.Message.TrimEnd('.')}. " +
                    "Start a new chain with a full backup (--full); the damaged set is kept.");
            }

            if (latest is not null && !options.AllowSourceMismatch)
            {
                CheckSameSource(latest.Last, options.FullSource);
                await CheckNotEmptiedAsync(context, cache, latest.Last, options.FullSource, cancellationToken).ConfigureAwait(false);
            }

            var fullReason = options.ForceFull ? "full backup requested"
                : latest is null ? "first backup of this target"
                : options.FullIfOlderThan is { } age && latest.StartTime < Later(now, latest.Last.Name.Time) - age ? $"the chain's full backup is older than {TimeSpecification.Describe(age)}"
                : null;
            if (fullReason is not null)
            {
                return (index, latest, fullReason, null);
            }

            var parent = latest!.Last.Name;
            var (stored, matches) = await cache.ReadManifestObjectAsync(context, parent, cancellationToken).ConfigureAwait(false);
            if (matches)
            {
                return (index, latest, null, stored);
            }

            if (pass > 0)
            {
                throw new InvalidDataException(
                    $"{TargetLayout.ObjectName(parent, TargetLayout.ManifestFile)}: changed on the target while this backup read it; run the backup again.");
            }

            context.Warn(LocalCache.ManifestReplacedWarning(TargetLayout.ObjectName(parent, TargetLayout.ManifestFile)));
        }
    }

    /// <summary>
    /// Refuses a backup of another folder, or from another host, than the target's newest backup. Folders are compared
    /// by path, and then by identity, so the same folder reached through a symlink or written with a trailing
    /// <c>/</c> is the same.
    /// </summary>
    /// <exception cref="SourceMismatchException">The folder or the host differs.</exception>
    private static void CheckSameSource(BackupSet newest, string folder)
    {
        var manifest = newest.Manifest!;
        var before = Path.TrimEndingDirectorySeparator(manifest.Source);
        var sameFolder = before.Length == 0 || before == folder
            || (ObjectIdentity.Of(before) is { } beforeIdentity && ObjectIdentity.Of(folder) == beforeIdentity);
        var host = Environment.MachineName;
        var sameHost = manifest.Host.Length == 0 || manifest.Host == host;
        if (!sameFolder || !sameHost)
        {
            throw sameHost
                ? new SourceMismatchException(newest.Name.ToString(), before, folder)
                : new SourceMismatchException(newest.Name.ToString(), $"{before} on host {manifest.Host}", $"{folder} on host {host}");
        }
    }

    /// <summary>
    /// Refuses a backup of an empty source folder that is no longer on the file system its newest backup found it on,
    /// when that backup holds files: the mount point of a disk that is not mounted. A folder emptied where it always
    /// was (a drop folder, every file deleted) is backed up as usual.
    /// </summary>
    /// <exception cref="SourceMismatchException">The folder is empty and on another file system, and the newest backup is not empty.</exception>
    private static async Task CheckNotEmptiedAsync(EngineContext context, LocalCache cache, BackupSet newest, string folder, CancellationToken cancellationToken)
    {
        var manifest = newest.Manifest!;
        var files = manifest.Summary.NewFiles + manifest.Summary.ChangedFiles + manifest.Summary.UnchangedFiles;
        try
        {
            if (files == 0 || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // the scan reports a folder it cannot list
        }

        // The catalogue's first record is the source folder itself, with the device it was on.
        var catalogue = await cache.GetCataloguePathAsync(context, manifest, cancellationToken).ConfigureAwait(false);
        var root = CatalogueReader.ReadFile(catalogue).FirstOrDefault();
        if (root is null || root.Metadata.Path.Length != 0 || ObjectIdentity.Of(folder) is not { } now || now.Device == root.Device)
        {
            return;
        }

        throw SourceMismatchException.Emptied(newest.Name.ToString(), folder, files);
    }

    /// <summary>
    /// The later of two times: a chain's age is counted up to the clock, or up to its newest set when the clock is
    /// behind that set (its name was moved after it), so a clock set back never postpones a full backup that is due.
    /// </summary>
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Parses a <c>full-if-older-than</c> interval (<c>1M</c>, <c>2W</c>...).</summary>
    /// <exception cref="FormatException">Not an interval.</exception>
    public static TimeSpan ParseInterval(string text) =>
        TimeSpecification.TryParseInterval(text ?? "", out var interval)
            ? interval
            : throw new FormatException($"Cannot read the interval \"{text}\": use a number and a unit, such as 7D, 2W, 1M or 1h30m.");
}
