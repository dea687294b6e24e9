using System.Text;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem.Native;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Storage;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Verification;

/// <summary>
/// Checks a target: every object of every complete set against the size and SHA-256 its manifest records,
/// every frame of every archive (reading it authenticates it), and every file of one backup rebuilt from
/// its snapshot and deltas against the SHA-256 recorded at backup time; optionally against the live source.
/// </summary>
public static class VerifyJob
{
    /// <summary>Runs the checks; problems are collected, not thrown.</summary>
    /// <exception cref="InvalidOperationException">The target holds no backup at all (sets that cannot be restored are problems, not this).</exception>
    public static async Task<VerifyResult> RunAsync(EngineContext context, VerifyOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var cache = new LocalCache(context.CacheDirectory);
        var index = await cache.LoadIndexAsync(context, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        long objects = 0, bytes = 0;
        foreach (var orphan in index.OrphanSets)
        {
            problems.Add($"{orphan.Name}: its chain is broken (an earlier set is missing); it cannot be restored");
        }

        foreach (var damagedSet in index.DamagedSets)
        {
            problems.Add(damagedSet.Damage!.Message);
        }

        foreach (var sealedSet in index.SealedSets)
        {
            // Not a fault of the target: made with other keys (before a passphrase change, say). Verify it with them.
            context.Warn($"not verified: {sealedSet.SealedReason}");
        }

        var scratch = Path.Combine(context.CacheDirectory, "scratch");
        Directory.CreateDirectory(scratch);
        foreach (var set in index.Chains.SelectMany(c => c.Sets))
        {
            var manifest = set.Manifest!;
            progress?.Report($"{manifest.Set}/{TargetLayout.ManifestFile}");
            if (await CheckManifestAsync(context, cache, manifest, cancellationToken).ConfigureAwait(false) is { } manifestProblem)
            {
                problems.Add(manifestProblem);
            }

            objects++;
            bytes += set.Objects.FirstOrDefault(o => o.Name == TargetLayout.ObjectName(set.Name, TargetLayout.ManifestFile))?.Size ?? 0;
            foreach (var stored in manifest.Volumes.Append(manifest.Signatures).Append(manifest.Catalogue))
            {
                if (options.Subset is { } subset && manifest.Volumes.Contains(stored) && !subset.Holds(TargetLayout.ObjectName(manifest.Name, stored.Name)))
                {
                    continue;
                }

                progress?.Report($"{manifest.Set}/{stored.Name}");
                var problem = await CheckObjectAsync(context, manifest, stored, Path.Combine(scratch, $"verify-{Environment.ProcessId}"), cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    problems.Add(problem);
                }

                objects++;
                bytes += stored.Size;
            }
        }

        if (index.Chains.Count == 0 && problems.Count > 0)
        {
            // Sets are there but none can be restored (the full set of their chain is gone, say): that is what
            // verify is for finding, not a target with no backup.
            return new VerifyResult(objects, bytes, 0, problems, index.SealedSets.Count);
        }

        var (chain, chosen) = index.FindSetAt(options.Time, context.Warn, passDamaged: true);
        var manifests = chain.Sets.TakeWhile(s => s.Name.CompareTo(chosen.Name) <= 0).Select(s => s.Manifest!).ToList();
        var cataloguePath = await cache.GetCataloguePathAsync(context, chosen.Manifest!, cancellationToken).ConfigureAwait(false);
        var source = options.Source ?? chosen.Manifest!.Source;
        var files = await Task.Run(() => CheckFiles(context, manifests, cataloguePath, options.CompareData ? source : null, options.Subset, problems, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new VerifyResult(objects, bytes, files, problems, index.SealedSets.Count);
    }

    /// <summary>
    /// Reads the set's manifest from the target, not from the cache the index came from: a cached copy keeps a set
    /// readable on this machine after its manifest on the target was damaged, and a machine without the cache
    /// (the one a restore after a loss runs on) would find the set, and every later set of its chain, unreadable.
    /// A manifest that differs, or is damaged, is no longer trusted in the cache: <c>status</c>, <c>backup</c> and the
    /// next <c>verify</c> read it from the target, and find what this found.
    /// </summary>
    private static async Task<string?> CheckManifestAsync(EngineContext context, LocalCache cache, SetManifest cached, CancellationToken cancellationToken)
    {
        var name = TargetLayout.ObjectName(cached.Name, TargetLayout.ManifestFile);
        try
        {
            var (stored, _, _) = await LocalCache.ReadTargetManifestAsync(context, cached.Name, cancellationToken).ConfigureAwait(false);
            if (stored.ToJson().AsSpan().SequenceEqual(cached.ToJson()))
            {
                return null;
            }

            cache.Distrust(cached.Name);
            return $"{name}: differs from the copy in the local cache; without this cache the set reads differently";
        }
        catch (Exception ex) when (ex is InvalidDataException or AuthenticationFailedException or IOException)
        {
            if (ex is not BackendException)
            {
                // Damaged, not a store that failed (after retries), which says nothing of the object.
                cache.Distrust(cached.Name);
            }

            return $"{ex.Message.TrimEnd('.')} (the local cache still holds a readable copy, a machine without it cannot read this set or any later set of its chain)";
        }
    }

    private static async Task<string?> CheckObjectAsync(EngineContext context, SetManifest manifest, StoredObject stored, string temp, CancellationToken cancellationToken)
    {
        var name = TargetLayout.ObjectName(manifest.Name, stored.Name);
        try
        {
            await ObjectTransfer.DownloadAsync(context.Backend, name, temp, stored, cancellationToken).ConfigureAwait(false);
            using var file = new FileStream(temp, FileMode.Open, FileAccess.Read);
            using var reader = ArchiveReader.Open(file, context.Algorithms, context.GetIdentities());
            foreach (var entry in reader.Entries)
            {
                using var data = reader.OpenData(entry);
                data.CopyTo(Stream.Null);
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or AuthenticationFailedException or IOException)
        {
            // The download's own errors name the object already.
            return ex.Message.StartsWith(name, StringComparison.Ordinal) ? ex.Message : $"{name}: {ex.Message}";
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static long CheckFiles(EngineContext context, IReadOnlyList<SetManifest> chain, string cataloguePath, string? source, VerifySubset? subset, List<string> problems, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        long files = 0;
        using var data = new SetDataReader(context, chain);
        using var builder = new ContentBuilder(data, Path.Combine(context.CacheDirectory, "scratch"));
        using var catalogueFile = new FileStream(cataloguePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var sourcePrefix = source is null ? null : Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(source) + "/");
        foreach (var record in CatalogueReader.ReadAll(catalogueFile))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!record.IsFile)
            {
                continue;
            }

            if (subset is not null && !subset.Holds(Encoding.UTF8.GetString(record.Metadata.Path)))
            {
                continue;
            }

            var path = PathDisplay.Of(record.Metadata.Path);

            progress?.Report(path);
            files++;
            try
            {
                builder.WriteChecked(record, Stream.Null);
            }
            catch (Exception ex) when (ex is InvalidDataException or AuthenticationFailedException or IOException)
            {
                problems.Add($"{path}: cannot be rebuilt ({ex.Message})");
                continue;
            }

            if (sourcePrefix is not null)
            {
                try
                {
                    // By its bytes, as the backup read it: a name that is not UTF-8, or a path longer than PATH_MAX, is
                    // the same file here as there.
                    using var live = NativeFile.OpenRead([.. sourcePrefix, .. record.Metadata.Path]);
                    if (!SourceComparison.HoldsRecordedContent(live, record.Metadata))
                    {
                        problems.Add($"{path}: differs from the source");
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{path}: cannot be compared with the source ({ex.Message})");
                }
            }
        }

        return files;
    }
}
