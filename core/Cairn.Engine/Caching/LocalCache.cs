using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Format;

namespace Cairn.Engine.Caching;

/// <summary>
/// The local cache of one target (default <c>$XDG_CACHE_HOME/cairn/TARGET-ID/</c>): per set, the
/// decrypted manifest (<c>manifest.json</c>), catalogue (<c>catalogue.bin</c>) and signatures (an
/// unencrypted Cairn archive, <c>signatures.cairn</c>), so that incrementals, <c>status</c> and
/// <c>list</c> need neither the network nor the private key. Every file appears atomically (written to a
/// temporary name, then renamed), so a crash leaves a file whole or absent; anything absent is fetched
/// from the target again. Sets gone from the target are forgotten.
/// </summary>
public sealed class LocalCache
{
    private const string ManifestJson = "manifest.json";
    private const string CatalogueBin = "catalogue.bin";
    private const string SignaturesArchive = "signatures.cairn";

    /// <summary>
    /// The largest manifest object read: a manifest lists its set's volumes (about 100 bytes each), so this is
    /// a million volumes (64 TiB at the default volume size), beyond any backup.
    /// </summary>
    internal const long MaxManifestBytes = 64L << 20;

    /// <summary>Uses (and creates when needed) <paramref name="directory"/>.</summary>
    public LocalCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>A short stable id for a target, from its URL (SHA-256, 16 hex digits).</summary>
    public static string TargetId(string targetUrl)
    {
        ArgumentNullException.ThrowIfNull(targetUrl);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(targetUrl.TrimEnd('/'))))[..16];
    }

    /// <summary><c>$XDG_CACHE_HOME/cairn/ID</c>, or <c>~/.cache/cairn/ID</c> when XDG_CACHE_HOME is unset.</summary>
    public static string DefaultDirectory(string targetId)
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(root, "cairn", targetId);
    }

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
        return RepositoryIndex.LoadAsync(context.Backend, (set, ct) => GetManifestAsync(context, set, ct), cancellationToken);
    }

    /// <summary>The manifest of <paramref name="set"/>, from the cache or else from the target.</summary>
    public async Task<SetManifest> GetManifestAsync(EngineContext context, SetName set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = Path.Combine(SetDirectory(set), ManifestJson);
        if (File.Exists(path))
        {
            try
            {
                return SetManifest.FromJson(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException)
            {
                context.Warn($"cache: the cached manifest of {set} is damaged; fetching it again");
            }
        }

        var (manifest, json) = await ReadTargetManifestAsync(context, set, cancellationToken).ConfigureAwait(false);
        WriteAtomically(path, json);
        return manifest;
    }

    /// <summary>
    /// Reads and decrypts <paramref name="set"/>'s manifest from the target itself, never from this cache: what a
    /// machine without this cache would find (<c>verify</c> checks it against the cached copy).
    /// </summary>
    /// <returns>The manifest and its JSON as stored.</returns>
    /// <exception cref="NoMatchingKeyException">No key given opens it.</exception>
    /// <exception cref="AuthenticationFailedException">It was altered.</exception>
    /// <exception cref="InvalidDataException">It is damaged (an <see cref="ArchiveFormatException"/> when the archive is).</exception>
    internal static async Task<(SetManifest Manifest, byte[] Json)> ReadTargetManifestAsync(EngineContext context, SetName set, CancellationToken cancellationToken)
    {
        var objectName = TargetLayout.ObjectName(set, TargetLayout.ManifestFile);
        var archive = await FetchAsync(context, objectName, cancellationToken).ConfigureAwait(false);
        using var json = new MemoryStream();
        Decode(objectName, () => ArchiveFiles.ReadSingleEntry(new MemoryStream(archive), context.Algorithms, context.GetIdentities(), ManifestJson, json));
        var bytes = json.ToArray();
        return (Decode(objectName, () => SetManifest.FromJson(bytes)), bytes);
    }

    /// <summary>The manifest of the newest set this cache holds, or null when it holds none (or cannot read it).</summary>
    internal SetManifest? NewestCachedManifest()
    {
        var root = Path.Combine(Directory, "sets");
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        var newest = System.IO.Directory.EnumerateDirectories(root)
            .Select(d => SetName.TryParse(Path.GetFileName(d), out var name) ? name : (SetName?)null)
            .Where(name => name is { } set && File.Exists(Path.Combine(SetDirectory(set), ManifestJson)))
            .Max();
        try
        {
            return newest is { } set ? SetManifest.FromJson(File.ReadAllBytes(Path.Combine(SetDirectory(set), ManifestJson))) : null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The local path of <paramref name="manifest"/>'s decrypted catalogue, fetched from the target when missing.</summary>
    public async Task<string> GetCataloguePathAsync(EngineContext context, SetManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(manifest);
        var path = Path.Combine(SetDirectory(manifest.Name), CatalogueBin);
        if (File.Exists(path))
        {
            return path;
        }

        await DecodeFromTargetAsync(context, manifest, manifest.Catalogue, path, (source, output) =>
            ArchiveFiles.ReadSingleEntry(source, context.Algorithms, context.GetIdentities(), CatalogueBin, output), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Files a finished backup's plaintext manifest, catalogue and signatures (moved from staging).</summary>
    internal void Store(SetManifest manifest, string cataloguePath, string signaturesPath)
    {
        var directory = SetDirectory(manifest.Name);
        System.IO.Directory.CreateDirectory(directory);
        File.Move(cataloguePath, Path.Combine(directory, CatalogueBin), overwrite: true);
        File.Move(signaturesPath, Path.Combine(directory, SignaturesArchive), overwrite: true);
        WriteAtomically(Path.Combine(directory, ManifestJson), manifest.ToJson());
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
