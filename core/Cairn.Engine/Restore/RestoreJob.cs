using System.Buffers;
using System.Text;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// Restores the tree, or chosen paths, as of a time: picks the newest complete set at or before it, reads
/// that set's catalogue, and rebuilds each selected file from its snapshot and deltas, reading only the
/// volume indexes and frames that hold them.
/// </summary>
public static class RestoreJob
{
    /// <summary>Runs a restore.</summary>
    /// <exception cref="InvalidOperationException">There is no backup at or before the time.</exception>
    /// <exception cref="FileNotFoundException">A requested path is not in that backup.</exception>
    /// <exception cref="InvalidDataException">Stored data is corrupt or does not match its recorded hash.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">Wrong passphrase or key, or tampered data.</exception>
    /// <exception cref="Contracts.Backends.BackendException">The target failed.</exception>
    public static Task<RestoreResult> RunAsync(EngineContext context, RestoreRequest request, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(RestorePreparation.Start(context, cancellationToken), request, progress, cancellationToken);
    }

    /// <summary>Runs a restore from a <paramref name="prepared"/> start (the key derivation and the index under way).</summary>
    /// <exception cref="InvalidOperationException">There is no backup at or before the time.</exception>
    /// <exception cref="FileNotFoundException">A requested path is not in that backup.</exception>
    /// <exception cref="InvalidDataException">Stored data is corrupt or does not match its recorded hash.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">Wrong passphrase or key, or tampered data.</exception>
    /// <exception cref="Contracts.Backends.BackendException">The target failed.</exception>
    public static async Task<RestoreResult> RunAsync(RestorePreparation prepared, RestoreRequest request, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(request);
        var (context, cache) = (prepared.Context, prepared.Cache);
        var selection = new PathSelection(request.Paths);
        try
        {
            var index = await prepared.Index.ConfigureAwait(false);
            var (chain, set) = index.FindSetAt(request.Time, context.Warn);
            var manifests = chain.Sets.TakeWhile(s => s.Name.CompareTo(set.Name) <= 0).Select(s => s.Manifest!).ToList();
            var cataloguePath = await cache.GetCataloguePathAsync(context, set.Manifest!, cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => Restore(context, request, selection, set, manifests, cataloguePath, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await prepared.KeyWarmUp.ConfigureAwait(false); // never left running behind the restore
        }
    }

    /// <summary>
    /// Worker threads creating small files: one per core, at least two (the kernel's file creation runs
    /// beside the decoding even on one core, where a worker waits on the disk) and at most eight (beyond that
    /// they mostly wait on the filesystem's own locks).
    /// </summary>
    private static int WriterThreads => Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Reads and checks a small file's content on this thread and hands the file to the writers; returns its length.</summary>
    private static long Queue(CatalogueRecord record, ContentBuilder builder, RestoreTarget target, SmallFileWriters writers)
    {
        var size = (int)record.Metadata.Size;
        var content = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        PendingFile file;
        int length;
        try
        {
            var buffer = new FileContentBuffer(content, size, record.Metadata.Path);
            builder.WriteChecked(record, buffer);
            length = buffer.Written;
            file = target.PrepareFile(record.Metadata);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(content);
            throw;
        }

        writers.Add(file, content, length);
        return length;
    }

    /// <summary>The records of the catalogue that <paramref name="selection"/> selects, in path order.</summary>
    private static IEnumerable<CatalogueRecord> Selected(string cataloguePath, PathSelection selection) =>
        selection.Restored(CatalogueReader.ReadFile(cataloguePath));

    /// <summary>Throws, before anything is written, when the target already holds a name the restore would replace.</summary>
    /// <exception cref="RestoreConflictException">It does.</exception>
    private static void RefuseToReplace(RestoreTarget target, IEnumerable<CatalogueRecord> records, CancellationToken cancellationToken)
    {
        var count = 0;
        byte[]? first = null;
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Metadata.Type != EntryType.Directory && target.Holds(record.Metadata.Path))
            {
                count++;
                first ??= record.Metadata.Path;
            }
        }

        if (first is not null)
        {
            throw new RestoreConflictException(target.Directory, count, PathDisplay.Of(first));
        }
    }

    private static RestoreResult Restore(EngineContext context, RestoreRequest request, PathSelection selection, BackupSet set, IReadOnlyList<SetManifest> chain, string cataloguePath, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var options = new RestoreOptions
        {
            RestoreOwnership = request.RestoreOwnership ?? new RestoreOptions().RestoreOwnership,
            OnWarning = w => warnings.Add(w.ToString()),
        };
        long entries = 0, bytes = 0, kept = 0;
        var orphans = new OrphanedHardLinks<CatalogueRecord>();
        var expected = selection.SelectsAll ? set.Manifest!.Summary.SourceBytes : (long?)null;
        // Only a folder that holds something can hold a name the restore would replace: an empty or new one
        // (a disaster recovery, every benchmark) costs no second read of the catalogue.
        var mayConflict = !request.Overwrite && !request.KeepIdentical && Directory.Exists(request.TargetDirectory) && Directory.EnumerateFileSystemEntries(request.TargetDirectory).Any();
        if (!selection.SelectsAll)
        {
            // Before the target folder is made: a mistyped --path leaves nothing behind. The catalogue is read only up
            // to the last path asked for, with a selection of its own, which notes what it met.
            var probe = new PathSelection(request.Paths);
            foreach (var _ in probe.Listed(CatalogueReader.ReadFile(cataloguePath)))
            {
            }

            probe.ThrowIfMissing(set.Name.ToString());
        }

        using var data = new SetDataReader(context, chain);
        using var builder = new ContentBuilder(data, Path.Combine(context.CacheDirectory, "scratch"));
        using (var target = new RestoreTarget(request.TargetDirectory, options))
        using (var writers = new SmallFileWriters(WriterThreads))
        {
            if (mayConflict)
            {
                // A selection of its own: the restore's notes which requested paths it met, for its "not in the backup".
                RefuseToReplace(target, Selected(cataloguePath, new PathSelection(request.Paths)), cancellationToken);
            }

            foreach (var record in Selected(cataloguePath, selection))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var metadata = record.Metadata;
                if (metadata.Type == EntryType.HardLink && metadata.LinkTarget is { } firstName && !selection.Selects(firstName))
                {
                    orphans.Add(metadata); // restored, and counted, once the catalogue has been read
                    continue;
                }

                if (request.KeepIdentical && metadata.Type == EntryType.File && target.HoldsSameFile(metadata))
                {
                    kept++;
                    continue;
                }

                if (metadata.Type == EntryType.File && SmallFileWriters.Takes(record))
                {
                    bytes += Queue(record, builder, target, writers);
                }
                else if (metadata.Type == EntryType.File)
                {
                    using var file = target.CreateFile(metadata);
                    bytes += builder.WriteChecked(record, file);
                    file.Commit(); // only checked content replaces what has the name
                }
                else
                {
                    if (metadata.Type == EntryType.HardLink)
                    {
                        writers.Drain(); // its first name may still be queued
                    }

                    target.Create(metadata);
                }

                entries++;
                progress?.Report(new RestoreProgress(entries, bytes, expected, Encoding.UTF8.GetString(metadata.Path)));
            }

            writers.Drain();
            if (!orphans.IsEmpty)
            {
                using var again = new FileStream(cataloguePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var files = CatalogueReader.ReadAll(again).Where(r => r.IsFile).Select(r => (r.Metadata, r));
                foreach (var (entry, content) in orphans.Resolve(files, link => warnings.Add($"{PathDisplay.Of(link.Path)}: hard link not restored, its first name {PathDisplay.Of(link.LinkTarget!)} is not a file of the backup")))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (content is null)
                    {
                        target.Create(entry); // a later name of the same first name: linked to the file just made
                    }
                    else
                    {
                        using var file = target.CreateFile(entry);
                        bytes += builder.WriteChecked(content, file);
                        file.Commit();
                    }

                    entries++;
                    progress?.Report(new RestoreProgress(entries, bytes, expected, Encoding.UTF8.GetString(entry.Path)));
                }
            }

            target.Finish();
        }

        return new RestoreResult(set.Name, entries, bytes, data.TotalBytesFetched, warnings) { Kept = kept };
    }
}
