using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Cairn.Delta;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// Writes one set: merge-joins the sorted scan with the parent set's catalogue (both streamed, so memory
/// does not grow with the number of files), stores each new or changed file once (a snapshot, or a delta
/// against its previous signature) while computing its SHA-256 and new signature in the same read, and
/// records every entry in the new catalogue. Volumes upload in the background as they fill (or, on a target that
/// writes in place, are written straight into it, as are the signatures and the catalogue: <see cref="SetObjectFiles"/>).
/// </summary>
internal sealed class SetWriter
{
    private const int ReadBufferSize = 1 << 20;

    private readonly EngineContext _context;
    private readonly LocalCache _cache;
    private readonly BackupOptions _options;
    private readonly SetName _name;
    private readonly IReadOnlyList<SetManifest> _chain;
    private readonly string? _previousCatalogue;
    private readonly IProgress<BackupProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _warnings = [];
    private readonly List<LeftOutFolder> _leftOut = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastReport;
    private long _newFiles, _changedFiles, _deletedFiles, _unchangedFiles, _otherEntries, _skippedFiles, _sourceBytes, _bytesRead, _filesSeen;
    private readonly List<CountingNullStream> _dryRunVolumes = [];
    private VolumeUploader? _uploader;
    private uint _openVolume;

    public SetWriter(EngineContext context, LocalCache cache, BackupOptions options, SetName name, IReadOnlyList<SetManifest> chain, string? previousCatalogue, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        _context = context;
        _cache = cache;
        _options = options;
        _name = name;
        _chain = chain;
        _previousCatalogue = previousCatalogue;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The folders of the backup's own making the scan met and left out (<see cref="BackupResult.LeftOut"/>).</summary>
    public IReadOnlyList<LeftOutFolder> LeftOut => _leftOut;

    private int SetIndex => _chain.Count;

    private bool IsIncremental => _chain.Count > 0;

    public async Task<(BackupSummary Summary, SetManifest? Manifest, IReadOnlyList<string> Warnings)> RunAsync()
    {
        var start = DateTimeOffset.UtcNow;
        var dryRun = _options.DryRun;
        var staging = dryRun ? null : _cache.CreateStagingDirectory(_name);
        var uploader = _uploader = dryRun ? null : new VolumeUploader(_context.Backend, _name, _cancellationToken);
        var objects = dryRun ? null : new SetObjectFiles(_context.Backend, _name, staging!);
        var setId = RandomNumberGenerator.GetBytes(16);
        var signaturesPlain = dryRun ? null : Path.Combine(staging!, "signatures.plain");
        var cataloguePlain = dryRun ? null : Path.Combine(staging!, "catalogue.bin");
        var completed = false;
        try
        {
            long volumeBytes;
            StoredObject? storedSignatures = null, storedCatalogue = null;
            byte[]? catalogueSha256 = null; // of the plain catalogue, as its entry on the target was written: the cache records it
            using (var signatureFile = dryRun ? (Stream)new CountingNullStream() : new FileStream(signaturesPlain!, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var catalogueFile = dryRun ? (Stream)new CountingNullStream() : new FileStream(cataloguePlain!, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var cachedSignatures = new ArchiveWriter(signatureFile, _context.CacheArchiveOptions() with { IndexSpoolDirectory = staging }))
            using (var catalogue = new CatalogueWriter(catalogueFile))
            using (var previousSignatures = new SignatureStore(_context, _cache, _chain, _cancellationToken))
            {
                var signatureUpload = objects?.Open(TargetLayout.SignaturesFile);
                using var uploadedSignatures = signatureUpload is null ? null : new ArchiveWriter(signatureUpload, _context.TargetArchiveOptions(setId) with { Parallelism = 1, IndexSpoolDirectory = staging });
                var signatures = new SignatureArchives(cachedSignatures, uploadedSignatures);
                var data = new VolumeSetWriter(
                    n =>
                    {
                        _openVolume = n;
                        if (dryRun)
                        {
                            var sink = new CountingNullStream();
                            _dryRunVolumes.Add(sink);
                            return sink;
                        }

                        return objects!.Open(TargetLayout.VolumeFile(n));
                    },
                    (_, stream) =>
                    {
                        if (objects is null)
                        {
                            stream.Dispose();
                        }
                        else
                        {
                            uploader!.Enqueue(objects.Close(stream));
                        }
                    },
                    _context.TargetArchiveOptions(setId) with { IndexSpoolDirectory = staging },
                    _context.VolumeSize);
                try
                {
                    Merge(data, signatures, catalogue, previousSignatures);
                }
                catch
                {
                    data.Dispose();
                    throw;
                }

                // What is left are four independent steps, each on one thread: the last volume's index, the two signature
                // archives' indexes, and the catalogue, encoded for the target. Side by side they take the time of the
                // longest, where one after another they were the backup's single-threaded tail.
                var finishing = new List<Task>
                {
                    OnOwnThread(() =>
                    {
                        try
                        {
                            data.Finish();
                        }
                        finally
                        {
                            data.Dispose();
                        }
                    }),
                    OnOwnThread(() => cachedSignatures.Finish(lastVolume: true)),
                    OnOwnThread(() =>
                    {
                        catalogue.Finish();
                        catalogueFile.Dispose(); // closed, so that it can be read to be encoded
                        if (objects is not null)
                        {
                            storedCatalogue = StoreAsync(objects, TargetLayout.CatalogueFile, output =>
                            {
                                using var source = new FileStream(cataloguePlain!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                                catalogueSha256 = ArchiveFiles.WriteSingleEntry(output, _context.TargetArchiveOptions(setId), "catalogue.bin", source);
                            }).GetAwaiter().GetResult();
                        }
                    }),
                };
                if (uploadedSignatures is not null)
                {
                    finishing.Add(OnOwnThread(() => storedSignatures = StoreAsync(objects!, signatureUpload!, () => uploadedSignatures.Finish(lastVolume: true)).GetAwaiter().GetResult()));
                }

                await Task.WhenAll(finishing).ConfigureAwait(false);
                volumeBytes = dryRun ? _dryRunVolumes.Sum(v => v.Count) : 0;
            }

            if (dryRun)
            {
                completed = true;
                return (Summary(start, volumeBytes), null, _warnings);
            }

            var volumes = await uploader!.CompleteAsync().ConfigureAwait(false);
            var stored = volumes.Sum(v => v.Size) + storedSignatures!.Size + storedCatalogue!.Size;
            var manifest = new SetManifest
            {
                Version = SetManifest.CurrentVersion,
                Set = _name.ToString(),
                Ancestors = _chain.Select(m => m.Set).ToList(),
                StartTime = start,
                EndTime = DateTimeOffset.UtcNow,
                Host = Environment.MachineName,
                Source = _options.FullSource,
                Volumes = volumes,
                Signatures = storedSignatures,
                Catalogue = storedCatalogue,
                Summary = Summary(start, stored),
            };

            // The manifest goes last: until it exists, the set is partial and nothing trusts it.
            byte[] storedManifest;
            using (var manifestArchive = new MemoryStream())
            {
                ArchiveFiles.WriteSingleEntry(manifestArchive, _context.TargetArchiveOptions(setId), "manifest.json", new MemoryStream(manifest.ToJson()));
                storedManifest = manifestArchive.ToArray();
                manifestArchive.Position = 0;
                await _context.Backend.WriteAsync(TargetLayout.ObjectName(_name, TargetLayout.ManifestFile), manifestArchive, _cancellationToken).ConfigureAwait(false);
            }

            _cache.Store(manifest, storedManifest, cataloguePlain!, catalogueSha256!, signaturesPlain!);
            completed = true;
            return (manifest.Summary, manifest, _warnings);
        }
        finally
        {
            if (!completed && uploader is not null)
            {
                await uploader.AbandonAsync().ConfigureAwait(false);
            }

            if (objects is not null)
            {
                await objects.DisposeAsync().ConfigureAwait(false); // objects still open when the backup failed
            }

            if (staging is not null)
            {
                try
                {
                    Directory.Delete(staging, recursive: true);
                }
                catch (IOException)
                {
                    // Cleared at the next backup's start.
                }
            }
        }
    }

    /// <summary>Runs a step that blocks (it waits for frame workers and for the uploader) on a thread of its own, not the pool's.</summary>
    private static Task OnOwnThread(Action step) =>
        Task.Factory.StartNew(step, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Writes the object <paramref name="fileName"/> with <paramref name="write"/>, then closes and stores it.</summary>
    private Task<StoredObject> StoreAsync(SetObjectFiles objects, string fileName, Action<Stream> write)
    {
        var output = objects.Open(fileName);
        return StoreAsync(objects, output, () => write(output));
    }

    /// <summary>Ends the object being written to <paramref name="output"/> with <paramref name="finish"/>, then closes and stores it.</summary>
    private async Task<StoredObject> StoreAsync(SetObjectFiles objects, Stream output, Action finish)
    {
        finish();
        return await objects.Close(output).StoreAsync(_context.Backend, _name, _cancellationToken).ConfigureAwait(false);
    }

    private BackupSummary Summary(DateTimeOffset start, long stored) => new()
    {
        NewFiles = _newFiles,
        ChangedFiles = _changedFiles,
        DeletedFiles = _deletedFiles,
        UnchangedFiles = _unchangedFiles,
        OtherEntries = _otherEntries,
        SkippedFiles = _skippedFiles,
        SourceBytes = _sourceBytes,
        BytesRead = _bytesRead,
        BytesStored = stored,
        Duration = DateTimeOffset.UtcNow - start,
    };

    private void Merge(VolumeSetWriter data, SignatureArchives signatures, CatalogueWriter catalogue, SignatureStore previousSignatures)
    {
        using var previousFile = _previousCatalogue is null ? null : new FileStream(_previousCatalogue, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var previous = previousFile is null ? null : new CatalogueReader(previousFile);
        var own = OwnFolders.Of(_context);
        var scanner = new TreeScanner(_options.Source, new TreeScannerOptions
        {
            Rules = _options.Rules ?? SelectionRules.All,
            CrossFilesystems = _options.CrossFilesystems,
            OnWarning = w => Warn(w.ToString()),
            LeaveOut = own.Identities,
            OnLeftOut = (path, identity) => _leftOut.Add(own.Describe(path, identity)),
        });
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            using var planner = new EntryPlanner(scanner.Scan(), previous, (entry, old) => old is null || !IsUnchanged(old, entry), _cancellationToken);
            foreach (var planned in planner.Entries())
            {
                using var prefetched = planned.Content;
                _cancellationToken.ThrowIfCancellationRequested();
                if (planned.Scanned is not { } entry)
                {
                    MarkDeleted(data, planned.Previous!);
                    continue;
                }

                var record = entry.Metadata.Type == EntryType.File
                    ? StoreFile(entry, planned.Previous, prefetched, data, signatures, previousSignatures, buffer)
                    : Record(entry);
                if (record is not null)
                {
                    catalogue.Write(record);
                }

                _filesSeen++;
                Report(entry.FullPath, force: false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Report("", force: true);
    }

    /// <summary>Records a warning; the scan reports from the planner's thread.</summary>
    private void Warn(string warning)
    {
        lock (_warnings)
        {
            _warnings.Add(warning);
        }
    }

    private CatalogueRecord Record(ScannedEntry entry)
    {
        _otherEntries++;
        return new CatalogueRecord(entry.Metadata, entry.Device, entry.Inode, [], -1);
    }

    private void MarkDeleted(VolumeSetWriter data, CatalogueRecord old)
    {
        data.AddEntry(new EntryMetadata { Path = old.Metadata.Path, Type = old.Metadata.Type, ContentKind = EntryContentKind.Deleted }, null);
        _deletedFiles++;
    }

    private static bool IsUnchanged(CatalogueRecord old, ScannedEntry entry)
    {
        var a = old.Metadata;
        var b = entry.Metadata;
        return old.IsFile && a.ContentHash is not null && a.Size == b.Size && a.ModificationTimeNs == b.ModificationTimeNs
            && a.ChangeTimeNs == b.ChangeTimeNs && old.Inode == entry.Inode && old.Device == entry.Device;
    }

    /// <summary>
    /// Stores a new or changed file (a snapshot, or a delta against its previous signature) from its
    /// prefetched bytes, or streamed from the file while digesting it; returns its catalogue record, or
    /// <see langword="null"/> when it could not be read (a warning says why).
    /// </summary>
    private CatalogueRecord? StoreFile(ScannedEntry entry, CatalogueRecord? old, PrefetchedContent? prefetched, VolumeSetWriter data, SignatureArchives signatures, SignatureStore previousSignatures, byte[] buffer)
    {
        var metadata = entry.Metadata;
        _sourceBytes += metadata.Size;
        if (old is not null && IsUnchanged(old, entry))
        {
            _unchangedFiles++;
            return new CatalogueRecord(metadata with { ContentHash = old.Metadata.ContentHash }, entry.Device, entry.Inode, old.Data, old.SignatureSet);
        }

        if (prefetched is { Error: { } error })
        {
            Warn($"{entry.FullPath}: {error}");
            _skippedFiles++;
            return null;
        }

        Stream? content = null;
        if (prefetched is null)
        {
            try
            {
                content = entry.OpenContent();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Warn($"{entry.FullPath}: not backed up ({ex.Message})");
                _skippedFiles++;
                return null;
            }
        }

        using (content)
        {
            var asDelta = old is { IsFile: true, SignatureSet: >= 0 } && IsIncremental;
            var basis = asDelta ? previousSignatures.Load(old!.SignatureSet, metadata.Path) : null;
            // A snapshot's bytes are hashed once: by the planner for a prefetched file, else by the archive writer.
            using var digest = prefetched is null ? new ContentDigest(metadata.Size, hashContent: asDelta) : null;
            long length = 0;
            uint volume;
            var readFailed = false;
            var knownHash = asDelta ? null : prefetched?.Digest?.Sha256;
            var stored = data.BeginEntry(metadata with { ContentKind = asDelta ? EntryContentKind.Delta : EntryContentKind.Snapshot, ContentHash = null }, knownHash);
            using (stored)
            {
                volume = _openVolume;
                using var delta = basis is null ? null : new DeltaBuilder(basis, stored);
                void Store(ReadOnlySpan<byte> chunk)
                {
                    if (delta is null)
                    {
                        stored.Write(chunk);
                    }
                    else
                    {
                        delta.Append(chunk);
                    }

                    length += chunk.Length;
                    _bytesRead += chunk.Length;
                }

                if (prefetched is not null)
                {
                    Store(prefetched.Data);
                }
                else
                {
                    while (true)
                    {
                        int n;
                        try
                        {
                            n = content!.Read(buffer, 0, ReadBufferSize);
                        }
                        catch (IOException ex)
                        {
                            Warn($"{entry.FullPath}: not backed up, reading failed ({ex.Message})");
                            readFailed = true;
                            break;
                        }

                        if (n == 0)
                        {
                            break;
                        }

                        var chunk = buffer.AsSpan(0, n);
                        digest!.Append(chunk);
                        Store(chunk);
                        if ((length & ((8 << 20) - 1)) < n)
                        {
                            Report(entry.FullPath, force: false);
                        }
                    }
                }

                if (!readFailed)
                {
                    delta?.Complete();
                }
            }

            if (readFailed)
            {
                // The entry's data in the volume is incomplete; no catalogue record points at it.
                _skippedFiles++;
                return null;
            }

            if ((content is null ? ChangeWhileRead.Describe(entry, length) : ChangeWhileRead.Describe(entry, content, length)) is { } change)
            {
                Warn($"{entry.FullPath}: {change}");
            }

            var (sha256, signature) = prefetched?.Digest ?? digest!.Complete();
            sha256 ??= stored.DataHash!; // a snapshot: the writer hashed exactly the bytes read
            signatures.Add(metadata.Path, signature);
            if (old is null || !old.IsFile)
            {
                _newFiles++;
            }
            else
            {
                _changedFiles++;
            }

            // A file that grew or shrank while being read is recorded as read.
            var recorded = metadata.SparseMap is null ? metadata with { Size = length } : metadata;
            var here = new DataLocation(SetIndex, volume);
            IReadOnlyList<DataLocation> locations = asDelta ? [.. old!.Data, here] : [here];
            return new CatalogueRecord(recorded with { ContentHash = sha256 }, entry.Device, entry.Inode, locations, SetIndex);
        }
    }

    private void Report(string path, bool force)
    {
        if (_progress is null)
        {
            return;
        }

        var now = _clock.ElapsedMilliseconds;
        if (!force && now - _lastReport < 100)
        {
            return;
        }

        _lastReport = now;
        var expected = _chain.Count > 0 ? _chain[^1].Summary.SourceBytes : (long?)null;
        _progress.Report(new BackupProgress(_filesSeen, _sourceBytes, _bytesRead, _uploader?.BytesUploaded ?? _dryRunVolumes.Sum(v => v.Count), expected, path));
    }
}
