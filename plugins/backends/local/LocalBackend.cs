using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using Cairn.Plugins.Backends;

namespace Cairn.Plugins.Local;

/// <summary>
/// A store in a folder of this machine. Each object is a file; <c>/</c> in a name is a sub-folder, made by
/// the first write into it and removed by the delete that empties it (the root excepted).
/// Writes go to a hidden temporary file in the same folder, which is flushed to disk and renamed over
/// the object, and then the folder itself is flushed: a crash leaves the old object or the new one (and the
/// temporary file, which <see cref="ListPartialUploadsAsync"/> finds).
/// </summary>
public sealed class LocalBackend : IBackend, IPartialUploads, ILocalFolderBackend
{
    private const int CopyBufferSize = 1 << 20;

    /// <summary>How often a write makes its folder again when a delete that emptied it removed it meanwhile.</summary>
    private const int FolderAttempts = 5;

    private readonly string _root;

    /// <summary>Opens the store rooted at <paramref name="root"/>, an absolute path. The folder is created on the first write.</summary>
    /// <exception cref="ArgumentException"><paramref name="root"/> is not an absolute path, or it is the file system's root.</exception>
    public LocalBackend(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(CheckedRoot(root));
    }

    /// <summary>The store's root folder.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public string? LocalFolder => _root;

    /// <inheritdoc />
    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.Rename;

    /// <summary>Reads the root folder from a <c>file:</c> URL (a plain absolute path parses as one).</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute <c>file:</c> URL on this machine, or it has no path (<c>file://</c>).</exception>
    public static string RootFromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !url.IsFile)
        {
            throw new ArgumentException($"The local backend needs a file: URL or an absolute path, not \"{url}\".", nameof(url));
        }

        if (!url.IsLoopback)
        {
            throw new ArgumentException($"The local backend cannot reach the host \"{url.Host}\" in \"{url}\"; use file:///path.", nameof(url));
        }

        // .NET reads "file://" as "file:///": only the text as written shows that the path was left out.
        if (url.OriginalString.Equals("file://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("file:// URL has no path: write file:///folder or a plain path.");
        }

        return url.LocalPath;
    }

    /// <summary>Returns <paramref name="root"/> made full, after checking that it can be a store's root.</summary>
    /// <exception cref="ArgumentException"><paramref name="root"/> is not an absolute path, or it is the file system's root.</exception>
    internal static string CheckedRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new ArgumentException($"The local store's root must be an absolute path, not \"{root}\".", nameof(root));
        }

        var full = Path.GetFullPath(root);
        if (Path.GetPathRoot(full) == full)
        {
            // The store owns its folder: a backup writes locks/ and full-* there, and cleanup --force removes
            // what it takes for stray objects. The whole file system is never meant.
            throw new ArgumentException($"The local store's root cannot be the file system's root {full}: name a folder for the backups, such as file:///srv/backup.");
        }

        return full;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        // Walk only the deepest folder the prefix names in full, not the whole store.
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0 ? _root : PathOf(prefix[..lastSlash]);
        if (!Directory.Exists(start))
        {
            CheckRootIsNoFile();
            yield break;
        }

        foreach (var (file, name) in FilesUnder(start, prefix, cancellationToken))
        {
            // Not just a name that ends in an upload: a folder of uploads copied from a webdav store holds files
            // (.cairn-partial-uploads/3fa2) that no object can be named, and a listing that showed them would
            // have cleanup try to delete them as stray objects, which the name rules refuse.
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || BackendNames.FindProblem(name) is not null)
            {
                continue;
            }

            if (Describe(file, name) is { } info)
            {
                yield return info;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The hidden <c>.cairn-partial-…</c> files that writes leave beside their objects, in every folder of the store.</remarks>
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        foreach (var (file, name) in FilesUnder(_root, "partial uploads", cancellationToken))
        {
            if (BackendNames.FindPartialUploadProblem(name) is null && Describe(file, name) is { } info)
            {
                yield return new PartialUpload(name, info.Size, info.LastModified);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        BackendNames.ValidatePartialUpload(upload.Name, nameof(upload));
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(upload.Name);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already, with its folder.
        }
        catch (Exception e) when (LocalErrors.Map(e, upload.Name) is { } mapped)
        {
            throw mapped;
        }

        // As DeleteAsync does: the folder of a partial set holds only its cut-off uploads once its objects are gone,
        // and was left behind empty.
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var file = new FileInfo(path);
            return Task.FromResult(file.Exists
                ? new BackendObjectInfo(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero))
                : null);
        }
        catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        cancellationToken.ThrowIfCancellationRequested();
        FileStream? file = null;
        try
        {
            // FileShare.Delete: a writer may rename a new version over this one while we read the old.
            // A short window (a header, a trailer) gets a buffer its size: the read stops where the caller does.
            var bufferSize = length is { } small && small < (1 << 16) ? (int)Math.Max(small, 1) : 1 << 16;
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var size = file.Length;
            var start = Math.Min(offset, size);
            file.Position = start;
            var available = size - start;
            return Task.FromResult<Stream>(new ReadWindowStream(file, length is { } want ? Math.Min(want, available) : available));
        }
        catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
        {
            file?.Dispose();
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var writer = OpenObjectWriter(name);
        await using (writer.ConfigureAwait(false))
        {
            try
            {
                await content.CopyToAsync(writer.Content, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
            {
                throw mapped;
            }

            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>The object is written into a hidden temporary file in its folder, as <see cref="WriteAsync"/> writes it.</remarks>
    public IObjectWriter OpenObjectWriter(string name)
    {
        var path = PathOfObject(name);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, BackendNames.PartialUploadPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        try
        {
            // Once the temporary file is in the folder, the folder is not empty, and no delete removes it.
            var file = InFolder(directory, () => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, LocalObjectWriter.BufferSize));
            return new LocalObjectWriter(name, path, temporary, file, () => RemoveEmptyFolders(directory));
        }
        catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleting what is not there is not an error.
            return Task.CompletedTask;
        }
        catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
        {
            throw mapped;
        }

        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var from = PathOfObject(source, nameof(source));
        var to = PathOfObject(destination, nameof(destination));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!File.Exists(from))
            {
                throw new BackendNotFoundException(source);
            }

            var toDirectory = Path.GetDirectoryName(to)!;
            InFolder(toDirectory, () => File.Move(from, to, overwrite: true));
            DirectorySync.Flush(toDirectory);
            var fromDirectory = Path.GetDirectoryName(from)!;
            if (fromDirectory != toDirectory)
            {
                DirectorySync.Flush(fromDirectory);
            }
        }
        catch (Exception e) when (LocalErrors.Map(e, source) is { } mapped)
        {
            throw mapped;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// The size and time of a listed file, or null when the file cannot be found by the name the listing
    /// gave it: it was deleted meanwhile, or its name is not valid UTF-8 and .NET's decoding (each bad byte
    /// becomes U+FFFD) names another file. Cairn's own objects have ASCII names, so such a file is a
    /// stranger; failing the listing for it would stop every command on the target, and no name reaches it
    /// to delete it either, so it is left where it is.
    /// </summary>
    private static BackendObjectInfo? Describe(FileInfo file, string name)
    {
        try
        {
            return new BackendObjectInfo(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Every file below the folder <paramref name="start"/>, recursively, with its name relative to the root; failures
    /// become backend errors about <paramref name="what"/>. The walk never goes into a symbolic link to a folder: what a
    /// link leads to is outside the store, and cleanup --force deletes what a listing shows that belongs to no set
    /// (a link to ~/Documents would have lost every file there) and the hidden files it takes for interrupted uploads
    /// (which may be another target's live uploads); a link to a folder above it would also make the walk endless.
    /// SFTP and rclone listings do not follow links either.
    /// </summary>
    private IEnumerable<(FileInfo File, string Name)> FilesUnder(string start, string what, CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        IEnumerator<FileInfo> files;
        try
        {
            files = new FileSystemEnumerable<FileInfo>(start, (ref entry) => (FileInfo)entry.ToFileSystemInfo(), options)
            {
                ShouldIncludePredicate = (ref entry) => !entry.IsDirectory,
                ShouldRecursePredicate = (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            }.GetEnumerator();
        }
        catch (DirectoryNotFoundException)
        {
            yield break; // Removed since we looked, by the delete that emptied it: it holds nothing.
        }
        catch (Exception e) when (LocalErrors.Map(e, what) is { } mapped)
        {
            throw mapped;
        }

        using (files)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FileInfo file;
                try
                {
                    if (!files.MoveNext())
                    {
                        break;
                    }

                    file = files.Current;
                }
                catch (DirectoryNotFoundException)
                {
                    // The folder the walk starts at was removed since we looked (sub-folders that go are skipped by
                    // the enumeration itself): it holds nothing now.
                    break;
                }
                catch (Exception e) when (LocalErrors.Map(e, what) is { } mapped)
                {
                    throw mapped;
                }

                yield return (file, Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
    }

    /// <summary>Deletes a file when it can: a leftover temporary file is hidden from listings and never read.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover partial file is hidden from listings and never read.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    /// <summary>
    /// Runs <paramref name="create"/>, which makes an entry in <paramref name="directory"/>, after making the
    /// folder (and its parents) when missing; and makes them again when a delete that emptied them removed them
    /// between the two steps (<see cref="RemoveEmptyFolders"/>), so that a write racing a delete still succeeds.
    /// </summary>
    private T InFolder<T>(string directory, Func<T> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                EnsureDirectory(directory);
                return create();
            }
            catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException && attempt < FolderAttempts)
            {
                // ENOENT: the folder was removed meanwhile (.NET says "file" when the folder is back by the time it
                // looks which part of the path is missing). Make it again.
            }
        }
    }

    private void InFolder(string directory, Action create) =>
        InFolder(directory, () =>
        {
            create();
            return true;
        });

    /// <summary>
    /// Removes the folders that a delete in <paramref name="directory"/> left empty, innermost first, up to the
    /// root, which stays. Each goes only when empty (<see cref="EmptyFolders"/>): the walk stops at the first that
    /// holds anything, including a write's temporary file, or that cannot be removed. Best effort: the object is
    /// deleted either way, and an empty folder left behind is harmless.
    /// </summary>
    private void RemoveEmptyFolders(string directory)
    {
        while (directory.Length > _root.Length && directory.StartsWith(_root, StringComparison.Ordinal) && EmptyFolders.TryRemove(directory))
        {
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    /// <summary>
    /// Refuses a root that exists but is not a folder (a mistyped path naming a file): listing it would find no
    /// backups, and making folders in it fails with "file exists". A root that does not exist is fine: the first
    /// write makes it.
    /// </summary>
    /// <exception cref="BackendRootNotAFolderException">The root is a file (or a link to one, a device...).</exception>
    private void CheckRootIsNoFile()
    {
        if (Path.Exists(_root) && !Directory.Exists(_root))
        {
            throw new BackendRootNotAFolderException(_root);
        }
    }

    /// <summary>Creates a folder and its missing parents, flushing each parent so the new entry survives a crash.</summary>
    /// <exception cref="BackendRootNotAFolderException">The root is a file.</exception>
    private void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        CheckRootIsNoFile();

        var parent = Path.GetDirectoryName(directory);
        if (parent is not null && directory.Length > _root.Length)
        {
            EnsureDirectory(parent);
        }

        Directory.CreateDirectory(directory);
        if (parent is not null)
        {
            DirectorySync.Flush(parent);
        }
    }

    private string PathOfObject(string name, string parameterName = "name")
    {
        BackendNames.Validate(name, parameterName);
        return PathOf(name);
    }

    /// <summary>The path of a name already validated: no segment can climb out of the root.</summary>
    private string PathOf(string validName) =>
        Path.Join(_root, Path.DirectorySeparatorChar == '/' ? validName : validName.Replace('/', Path.DirectorySeparatorChar));
}
