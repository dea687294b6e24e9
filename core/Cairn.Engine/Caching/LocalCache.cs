using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Format;

namespace Cairn.Engine.Caching;

/// <summary>
/// The local cache of one target (default <c>$XDG_CACHE_HOME/cairn/TARGET-ID/</c>): per set, the
/// decrypted manifest (<c>manifest.json</c>) and catalogue (<c>catalogue.bin</c>), each with its SHA-256 beside it
/// (<c>manifest.sha256</c>, <c>catalogue.sha256</c>), and signatures (an
/// unencrypted Cairn archive, <c>signatures.cairn</c>), so that incrementals, <c>status</c> and
/// <c>list</c> need neither the network nor the private key. Every file appears atomically (written to a
/// temporary name, then renamed), so a crash leaves a file whole or absent; anything absent is fetched
/// from the target again. Sets gone from the target are forgotten.
/// </summary>
/// <remarks>
/// A cached manifest stands for the manifest object on the target only while that object is the one it was read
/// from or written as: <c>manifest.object</c> records the object's size and SHA-256. A listing that shows another
/// size, and a backup that finds other bytes in the manifest of the set it builds on (<see cref="ReadManifestObjectAsync"/>),
/// make the cache read the manifest from the target again, as a machine without this cache would; otherwise a
/// manifest damaged on the target would stay readable here only, and backups would go on building on a set that
/// every restore elsewhere finds damaged.
/// </remarks>
public sealed class LocalCache
{
    private const string ManifestJson = "manifest.json";
    private const string ManifestObject = "manifest.object";
    private const string DistrustedRecord = "distrusted";
    private const string CatalogueBin = "catalogue.bin";
    private const string SignaturesArchive = "signatures.cairn";
    private const string KeyHeader = "key-header.bin";

    /// <summary>
    /// The largest manifest object read: a manifest lists its set's volumes (about 100 bytes each), so this is
    /// a million volumes (64 TiB at the default volume size), beyond any backup.
    /// </summary>
    internal const long MaxManifestBytes = 64L << 20;

    /// <summary>
    /// The warning given when a set's manifest object on the target is not the one its cached copy was read from (the
    /// copy is then read again from the target), with what showed it when known.
    /// </summary>
    internal static string ManifestReplacedWarning(string objectName, string? evidence = null) =>
        $"cache: {objectName} on the target is not the object the cached manifest was read from{(evidence is null ? "" : $" ({evidence})")}; reading it from the target";

    /// <summary>Uses (and creates when needed) <paramref name="directory"/>.</summary>
    public LocalCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>The cache folder of one set.</summary>
    internal string SetDirectory(SetName set) => Path.Combine(Directory, "sets", set.ToString());

    /// <summary>A fresh, empty staging folder for a backup in progress (local volumes before upload).</summary>
    internal string CreateStagingDirectory(SetName set)
    {
        var staging = Path.Combine(Directory, "staging");
        if (System.IO.Directory.Exists(staging))
        {
            // Leftovers of an interrupted backup: their set on the target is partial and will be cleaned up.
            System.IO.Directory.Delete(staging, recursive: true);
        }

        var path = Path.Combine(staging, set.ToString());
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Lists the target and reads every set's manifest through this cache, which fetches only what it lacks.</summary>
    public Task<RepositoryIndex> LoadIndexAsync(EngineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoadAsync();

        async Task<RepositoryIndex> LoadAsync()
        {
            var index = await RepositoryIndex.LoadAsync(context.Backend, (set, listed, ct) => GetManifestAsync(context, set, listed, ct), cancellationToken).ConfigureAwait(false);
            // Partial sets do not count: a backup killed on the wrong disk leaves one.
            if (!index.Sets.Any(s => s.IsComplete || s.IsSealed || s.IsDamaged))
            {
                index.SeenBefore = CachedSets();
            }

            return index;
        }
    }

    /// <summary>
    /// The manifest of <paramref name="set"/>: from the cache when it was read from (or written as) an object of the
    /// size <paramref name="listed"/> shows, or else from the target.
    /// </summary>
    /// <param name="context">The target and keys.</param>
    /// <param name="set">The set.</param>
    /// <param name="listed">The set's manifest object, as the target's listing shows it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="NoMatchingKeyException">Read from the target: no key given opens it.</exception>
    /// <exception cref="AuthenticationFailedException">Read from the target: it was altered.</exception>
    /// <exception cref="InvalidDataException">Read from the target: it is damaged.</exception>
    public async Task<SetManifest> GetManifestAsync(EngineContext context, SetName set, BackendObjectInfo listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(listed);
        var path = Path.Combine(SetDirectory(set), ManifestJson);
        byte[]? cachedJson = null;
        if (File.Exists(path))
        {
            cachedJson = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            var recorded = RecordedObject(set, out var absent);
            var intact = HasRecordedDigest(path);
            if (intact == false)
            {
                // Bytes changed on this disk: a flipped digit of a volume's size or hash still parses, and would make
                // the target's volume look damaged.
                context.Warn($"cache: the cached manifest of {set} is damaged; fetching it again");
                cachedJson = null; // damaged here, not another manifest: the catalogue and signatures beside it stay
            }
            else if (absent || (recorded is { } record && record.Size == listed.Size))
            {
                try
                {
                    var cached = SetManifest.FromJson(cachedJson);
                    if (intact is null)
                    {
                        RecordDigest(path); // a cache from before digests: trusted once, as the catalogue is
                    }

                    if (absent)
                    {
                        // A cache from before the record: its copy is trusted as it was then, and the object recorded
                        // as it is now (read as stored, so no key is needed; a keyless backup machine keeps working).
                        // A copy that already stood for a damaged object is for verify to find, as before.
                        Record(set, await FetchAsync(context, listed.Name, cancellationToken).ConfigureAwait(false));
                    }

                    return cached;
                }
                catch (InvalidDataException)
                {
                    context.Warn($"cache: the cached manifest of {set} is damaged; fetching it again");
                }
            }
            else if (recorded is { } other)
            {
                // Not the object this copy came from: what the target holds now is what counts (and once said is enough).
                context.Warn(ManifestReplacedWarning(listed.Name, $"{listed.Size} bytes, not {other.Size}"));
                Distrust(set);
            }
        }

        var (manifest, json, stored) = await ReadTargetManifestAsync(context, set, cancellationToken).ConfigureAwait(false);
        if (cachedJson is not null && !cachedJson.AsSpan().SequenceEqual(json))
        {
            // The catalogue and signatures cached beside it belong to the other manifest.
            Forget(set);
        }

        Record(set, stored);
        WriteManifestJson(path, json);
        return manifest;
    }

    /// <summary>
    /// Reads <paramref name="set"/>'s manifest object from the target as it is stored (no key is needed), and tells
    /// whether it is the very object the cached manifest was read from or written as. A backup reads the manifest of
    /// the set it builds on this way: one small read, which also gives the recipients' stanzas to carry on from.
    /// When the object differs, the cached manifest is no longer trusted: the next <see cref="LoadIndexAsync"/> reads
    /// it from the target, as a machine without this cache would.
    /// </summary>
    /// <returns>The object's bytes, and whether they match.</returns>
    /// <exception cref="InvalidDataException">The object is larger than any manifest.</exception>
    internal async Task<(byte[] Object, bool Matches)> ReadManifestObjectAsync(EngineContext context, SetName set, CancellationToken cancellationToken)
    {
        var stored = await FetchAsync(context, TargetLayout.ObjectName(set, TargetLayout.ManifestFile), cancellationToken).ConfigureAwait(false);
        var matches = RecordedObject(set, out _) is { } record && record.Description == Describe(stored);
        if (!matches)
        {
            Distrust(set);
        }

        return (stored, matches);
    }

    /// <summary>
    /// Stops trusting the cached manifest of <paramref name="set"/> (its catalogue and signatures are kept, unless the
    /// manifest read again differs): the next <see cref="LoadIndexAsync"/> reads it from the target. The record says
    /// so rather than going, since a cache without records (from before them) is trusted once.
    /// </summary>
    internal void Distrust(SetName set)
    {
        if (System.IO.Directory.Exists(SetDirectory(set)))
        {
            WriteAtomically(Path.Combine(SetDirectory(set), ManifestObject), Encoding.ASCII.GetBytes(DistrustedRecord));
        }
    }

    /// <summary>
    /// Records <paramref name="stored"/> as the object the cached manifest of <paramref name="set"/> stands for, and keeps
    /// its header for <see cref="KeptKeyHeader"/>.
    /// </summary>
    private void Record(SetName set, byte[] stored)
    {
        WriteAtomically(Path.Combine(SetDirectory(set), ManifestObject), Encoding.ASCII.GetBytes(Describe(stored)));
        try
        {
            KeepKeyHeader(set, ArchiveReader.ReadHeader(new MemoryStream(stored, writable: false)));
        }
        catch (ArchiveFormatException)
        {
            // Not even a header: whoever reads this manifest finds out; the warm-up reads a volume's header instead.
        }
    }

    /// <summary>
    /// Keeps <paramref name="header"/>, read from one of <paramref name="set"/>'s objects, as the set's key header: the
    /// recipient stanzas a restore's key warm-up derives from without waiting for the target (see <c>KeyWarmUp</c>).
    /// </summary>
    internal void KeepKeyHeader(SetName set, ArchiveHeader header)
    {
        if (System.IO.Directory.Exists(SetDirectory(set)))
        {
            WriteAtomically(Path.Combine(SetDirectory(set), KeyHeader), header.Encoded.ToArray());
        }
    }

    /// <summary>The key header kept for <paramref name="set"/>, or null when none was kept or it no longer reads.</summary>
    internal ArchiveHeader? KeptKeyHeader(SetName set)
    {
        try
        {
            using var file = File.OpenRead(Path.Combine(SetDirectory(set), KeyHeader));
            return ArchiveReader.ReadHeader(file);
        }
        catch (Exception ex) when (ex is IOException or ArchiveFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What <c>manifest.object</c> records of a stored manifest object: its size and SHA-256.</summary>
    private static string Describe(byte[] stored) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stored.Length} {Convert.ToHexStringLower(SHA256.HashData(stored))}");

    /// <summary>
    /// What <c>manifest.object</c> says of <paramref name="set"/>: the recorded object, or null when the copy is not
    /// trusted (distrusted, or a record that does not read) or when there is no record, which <paramref name="absent"/> tells.
    /// </summary>
    private (long Size, string Description)? RecordedObject(SetName set, out bool absent)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(SetDirectory(set), ManifestObject), Encoding.ASCII).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            absent = true;
            return null;
        }

        absent = false;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && long.TryParse(text.AsSpan(0, space), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            ? (size, text)
            : null;
    }

    /// <summary>
    /// Reads and decrypts <paramref name="set"/>'s manifest from the target itself, never from this cache: what a
    /// machine without this cache would find (<c>verify</c> checks it against the cached copy).
    /// </summary>
    /// <returns>The manifest, its JSON, and the object as stored.</returns>
    /// <exception cref="NoMatchingKeyException">No key given opens it.</exception>
    /// <exception cref="AuthenticationFailedException">It was altered.</exception>
    /// <exception cref="InvalidDataException">It is damaged (an <see cref="ArchiveFormatException"/> when the archive is).</exception>
    internal static async Task<(SetManifest Manifest, byte[] Json, byte[] Object)> ReadTargetManifestAsync(EngineContext context, SetName set, CancellationToken cancellationToken)
    {
        var objectName = TargetLayout.ObjectName(set, TargetLayout.ManifestFile);
        var archive = await FetchAsync(context, objectName, cancellationToken).ConfigureAwait(false);
        using var json = new MemoryStream();
        Decode(objectName, () => ArchiveFiles.ReadSingleEntry(new MemoryStream(archive), context.Algorithms, context.GetIdentities(), ManifestJson, json));
        var bytes = json.ToArray();
        return (Decode(objectName, () => SetManifest.FromJson(bytes)), bytes, archive);
    }

    /// <summary>The newest set whose manifest this cache holds (a listing of the cache: no manifest is read), or null.</summary>
    internal SetName? NewestCachedSet() => CachedSets() is { Count: > 0 } sets ? sets.Max() : null;

    /// <summary>The sets whose manifests this cache holds: the backups this machine made or read on the target.</summary>
    internal IReadOnlyList<SetName> CachedSets()
    {
        var root = Path.Combine(Directory, "sets");
        return System.IO.Directory.Exists(root)
            ? [.. System.IO.Directory.EnumerateDirectories(root)
                .Select(d => SetName.TryParse(Path.GetFileName(d), out var name) ? name : (SetName?)null)
                .OfType<SetName>()
                .Where(set => File.Exists(Path.Combine(SetDirectory(set), ManifestJson)))]
            : [];
    }

    /// <summary>The cached manifest of <paramref name="set"/>, or null when this cache cannot read it.</summary>
    internal SetManifest? CachedManifest(SetName set)
    {
        try
        {
            return SetManifest.FromJson(File.ReadAllBytes(Path.Combine(SetDirectory(set), ManifestJson)));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The local path of <paramref name="manifest"/>'s decrypted catalogue, fetched from the target when missing or
    /// when it no longer has the SHA-256 it was cached with (<c>catalogue.sha256</c>). The catalogue is plain records
    /// with no checksum of their own: a copy damaged on the local disk would otherwise be read as it is, and a backup
    /// built on it would carry its wrong hashes and sizes into the next catalogue on the target.
    /// </summary>
    public async Task<string> GetCataloguePathAsync(EngineContext context, SetManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manifest);
        var path = Path.Combine(SetDirectory(manifest.Name), CatalogueBin);
        if (File.Exists(path))
        {
            switch (HasRecordedDigest(path))
            {
                case true:
                    return path;
                case null:
                    // A cache from before digests were kept: its copy is trusted once, as its manifests are, since
                    // fetching it again needs the key, which a machine that backs up to public keys does not have.
                    RecordDigest(path);
                    return path;
                case false:
                    context.Warn($"{manifest.Name}: the cached copy of its catalogue is damaged (its SHA-256 is not the one it was cached with); read again from the target");
                    break;
            }
        }

        await DecodeFromTargetAsync(context, manifest, manifest.Catalogue, path, (source, output) =>
            ArchiveFiles.ReadSingleEntry(source, context.Algorithms, context.GetIdentities(), CatalogueBin, output), cancellationToken).ConfigureAwait(false);
        RecordDigest(path);
        return path;
    }

    /// <summary>The local path of <paramref name="manifest"/>'s signatures as an unencrypted archive, fetched when missing.</summary>
    public async Task<string> GetSignaturesPathAsync(EngineContext context, SetManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manifest);
        var path = Path.Combine(SetDirectory(manifest.Name), SignaturesArchive);
        if (File.Exists(path))
        {
            return path;
        }

        await DecodeFromTargetAsync(context, manifest, manifest.Signatures, path, (source, output) =>
            ArchiveFiles.Transcode(source, context.Algorithms, context.GetIdentities(), output, context.CacheArchiveOptions()), cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Forgets the cached signatures of <paramref name="set"/> (found damaged); the next use fetches them again.</summary>
    internal void ForgetSignatures(SetName set) => File.Delete(Path.Combine(SetDirectory(set), SignaturesArchive));

    /// <summary>Downloads a set's object to a temporary file, checks it against the manifest, and decodes it into <paramref name="path"/>.</summary>
    private static async Task DecodeFromTargetAsync(EngineContext context, SetManifest manifest, StoredObject stored, string path, Action<Stream, Stream> decode, CancellationToken cancellationToken)
    {
        var encrypted = TempName(path) + ".download";
        try
        {
            var objectName = TargetLayout.ObjectName(manifest.Name, stored.Name);
            await ObjectTransfer.DownloadAsync(context.Backend, objectName, encrypted, stored, cancellationToken).ConfigureAwait(false);
            var temp = TempName(path);
            using (var source = new FileStream(encrypted, FileMode.Open, FileAccess.Read))
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                Decode(objectName, () => decode(source, output));
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(encrypted);
        }
    }

    /// <summary>
    /// Runs <paramref name="decode"/>, naming <paramref name="objectName"/> in an authentication failure or a
    /// damaged archive: the reader's "volume 1 does not open" does not say which object of which set it was.
    /// The exception keeps its kind, which says whether the object was made for other keys, altered or damaged.
    /// </summary>
    private static void Decode(string objectName, Action decode) => Decode(objectName, () =>
    {
        decode();
        return true;
    });

    /// <inheritdoc cref="Decode(string, Action)"/>
    private static T Decode<T>(string objectName, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (NoMatchingKeyException ex)
        {
            throw new NoMatchingKeyException($"{objectName}: {ex.Message}", ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new AuthenticationFailedException($"{objectName}: {ex.Message}", ex);
        }
        catch (ArchiveFormatException ex)
        {
            throw new ArchiveFormatException($"{objectName}: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{objectName}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Files a finished backup's plaintext manifest, catalogue and signatures (moved from staging), and the size and
    /// SHA-256 of <paramref name="storedManifest"/>, the manifest object it wrote to the target. The catalogue's digest
    /// is <paramref name="catalogueSha256"/>, computed when the catalogue was written to the target, not read back.
    /// </summary>
    internal void Store(SetManifest manifest, byte[] storedManifest, string cataloguePath, byte[] catalogueSha256, string signaturesPath)
    {
        var directory = SetDirectory(manifest.Name);
        System.IO.Directory.CreateDirectory(directory);
        File.Move(cataloguePath, Path.Combine(directory, CatalogueBin), overwrite: true);
        RecordDigest(Path.Combine(directory, CatalogueBin), catalogueSha256);
        File.Move(signaturesPath, Path.Combine(directory, SignaturesArchive), overwrite: true);
        Record(manifest.Name, storedManifest);
        WriteManifestJson(Path.Combine(directory, ManifestJson), manifest.ToJson());
    }

    /// <summary>Forgets every cached file of <paramref name="set"/>.</summary>
    private void Forget(SetName set)
    {
        var directory = SetDirectory(set);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Forgets the cached files of sets that are no longer on the target.</summary>
    internal void ForgetAllBut(IEnumerable<SetName> present)
    {
        var root = Path.Combine(Directory, "sets");
        if (!System.IO.Directory.Exists(root))
        {
            return;
        }

        var keep = present.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(root))
        {
            if (!keep.Contains(Path.GetFileName(directory)))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Reads a manifest object whole, refusing one larger than <see cref="MaxManifestBytes"/>: a garbled or planted
    /// object of gigabytes would otherwise be read into memory by every command that lists the target.
    /// </summary>
    /// <exception cref="InvalidDataException">The object is larger than any manifest.</exception>
    private static async Task<byte[]> FetchAsync(EngineContext context, string objectName, CancellationToken cancellationToken)
    {
        await using var stream = await context.Backend.OpenReadAsync(objectName, 0, null, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes)
            {
                throw new InvalidDataException($"{objectName}: larger than {MaxManifestBytes >> 20} MiB, more than any manifest holds.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Records the SHA-256 of a cached file as it is now (just decoded and checked, or just written) beside it, as
    /// <c>NAME.sha256</c>: the catalogue and the manifest carry no checksum of their own. <paramref name="sha256"/>,
    /// when given, was computed over the bytes as they were written, and spares reading the file back.
    /// </summary>
    private static void RecordDigest(string path, byte[]? sha256 = null) =>
        WriteAtomically(Path.ChangeExtension(path, ".sha256"), Encoding.ASCII.GetBytes((sha256 is null ? Digest(path) : Convert.ToHexStringLower(sha256)) + "\n"));

    /// <summary>
    /// Whether a cached file still has the SHA-256 <see cref="RecordDigest"/> recorded: true, false (damaged since), or
    /// null when none was recorded (a cache from before digests were kept).
    /// </summary>
    private static bool? HasRecordedDigest(string path) =>
        ReadDigest(Path.ChangeExtension(path, ".sha256")) is { } recorded ? recorded == Digest(path) : null;

    /// <summary>The SHA-256 of a file, in lowercase hex.</summary>
    private static string Digest(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>A recorded digest, or null when there is none or it does not read.</summary>
    private static string? ReadDigest(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes a cached manifest and its digest (of the bytes in hand, not read back).</summary>
    private static void WriteManifestJson(string path, byte[] json)
    {
        WriteAtomically(path, json);
        RecordDigest(path, SHA256.HashData(json));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = TempName(path);
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static string TempName(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
