using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using Cairn.Plugins.Backends;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Cairn.Plugins.Sftp;

/// <summary>
/// A store in a folder of an SFTP server. Each object is a file; <c>/</c> in a name is a sub-folder, made
/// on demand and removed (rmdir, which takes only an empty folder) by the delete that empties it, the root
/// excepted. Uploads go to a hidden temporary name in the same folder and are renamed over the object with
/// the <c>posix-rename@openssh.com</c> extension, so readers never see a part.
/// </summary>
internal sealed class SftpBackend : IBackend, IPartialUploads
{
    private readonly SftpEndpoint _endpoint;
    private readonly SftpConnectionPool _pool;
    private readonly ConcurrentDictionary<string, bool> _knownDirectories = new(StringComparer.Ordinal);

    public SftpBackend(SftpEndpoint endpoint, Func<AuthenticationMethod[]> authentication)
    {
        _endpoint = endpoint;
        _pool = new SftpConnectionPool(endpoint, authentication);
    }

    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.Rename;

    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var startName = lastSlash < 0 ? "" : prefix[..lastSlash];
        foreach (var (name, file) in await FilesUnderAsync(startName, prefix, prefix, cancellationToken).ConfigureAwait(false))
        {
            // Any name that is no object's, not just one ending in an upload (see the local backend's listing).
            if (BackendNames.FindProblem(name) is null)
            {
                yield return new BackendObjectInfo(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The hidden <c>.cairn-partial-…</c> files that uploads leave beside their objects, in every folder of the store.</remarks>
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (name, file) in await FilesUnderAsync("", "", "partial uploads", cancellationToken).ConfigureAwait(false))
        {
            if (BackendNames.FindPartialUploadProblem(name) is null)
            {
                yield return new PartialUpload(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }
    }

    /// <inheritdoc />
    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        BackendNames.ValidatePartialUpload(upload.Name, nameof(upload));
        var path = Join(_endpoint.RootPath, upload.Name);
        return RunAsync(upload.Name, async client =>
        {
            try
            {
                await client.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (SftpPathNotFoundException)
            {
                // Gone already.
            }

            // As DeleteAsync does: a partial set's folder that held only cut-off uploads goes with the last of them.
            await RemoveEmptyDirectoriesAsync(client, ParentOf(path), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        return RunAsync(name, async client =>
        {
            try
            {
                var attributes = await client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
                return attributes.IsRegularFile ? new BackendObjectInfo(name, attributes.Size, new DateTimeOffset(attributes.LastWriteTimeUtc, TimeSpan.Zero)) : null;
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        var lease = await _pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        SftpFileStream? file = null;
        try
        {
            file = await lease.Client.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
            var size = file.Length;
            var start = Math.Min(offset, size);
            file.Seek(start, SeekOrigin.Begin);
            var available = size - start;
            // The stream keeps its share of the connection until the reader disposes it.
            return new ReadWindowStream(file, length is { } want ? Math.Min(want, available) : available, lease, e => SftpErrors.Map(e, name, _endpoint) is null ? null : Translate(e, name, lease));
        }
        catch (Exception e)
        {
            file?.Dispose();
            lease.Dispose();
            throw Translate(e, name, lease);
        }
    }

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        ArgumentNullException.ThrowIfNull(content);
        var directory = ParentOf(path);
        var temporary = Join(directory, BackendNames.PartialUploadPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await RunAsync(name, async client =>
        {
            await EnsureDirectoryAsync(client, directory, cancellationToken).ConfigureAwait(false);
            try
            {
                await client.UploadFileAsync(content, temporary, cancellationToken).ConfigureAwait(false);
                // posix-rename replaces the object in one step; the plain SFTP rename refuses to overwrite.
                client.RenameFile(temporary, path, isPosix: true);
            }
            catch (SftpPathNotFoundException e)
            {
                // The folder was there (made or seen), and is gone: a delete that emptied it removed it, here or in
                // another process. Forget it, so that the host's retry makes it again (the temporary file, once
                // created, keeps the folder from being removed).
                ForgetDirectories(directory);
                await TryDeleteAsync(client, temporary).ConfigureAwait(false);
                throw new BackendTransientException($"The SFTP server {_endpoint} has no folder for {name} any more: it was removed during the upload.", e);
            }
            catch
            {
                await TryDeleteAsync(client, temporary).ConfigureAwait(false);
                throw;
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOfObject(name);
        return RunAsync(name, async client =>
        {
            try
            {
                await client.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (SftpPathNotFoundException)
            {
                // Deleting what is not there is not an error.
            }

            await RemoveEmptyDirectoriesAsync(client, ParentOf(path), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var from = PathOfObject(source, nameof(source));
        var to = PathOfObject(destination, nameof(destination));
        return RunAsync(source, async client =>
        {
            SftpFileAttributes attributes;
            try
            {
                attributes = await client.GetAttributesAsync(from, cancellationToken).ConfigureAwait(false);
            }
            catch (SftpPathNotFoundException e)
            {
                throw new BackendNotFoundException(source, e);
            }

            if (!attributes.IsRegularFile)
            {
                throw new BackendNotFoundException(source);
            }

            await EnsureDirectoryAsync(client, ParentOf(to), cancellationToken).ConfigureAwait(false);
            client.RenameFile(from, to, isPosix: true);
            return true;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : slash == 0 ? "/" : path[..slash];
    }

    private static string Join(string directory, string name) =>
        directory.Length == 0 ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;

    private static async Task TryDeleteAsync(SftpClient client, string path)
    {
        try
        {
            await client.DeleteFileAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Best effort: a leftover partial upload is hidden from listings.
        }
    }

    /// <summary>Runs one call on a pooled connection and turns its failures into backend errors.</summary>
    private async Task<T> RunAsync<T>(string name, Func<SftpClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var lease = await _pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(lease.Client).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Translate(e, name, lease);
        }
        finally
        {
            lease.Dispose();
        }
    }

    private Exception Translate(Exception e, string name, SftpConnectionPool.Lease lease)
    {
        var mapped = SftpErrors.Map(e, name, _endpoint);
        if (mapped is BackendTransientException)
        {
            lease.MarkBroken();
            _knownDirectories.Clear();
        }

        return mapped ?? e;
    }

    /// <summary>
    /// Every regular file under the folder <paramref name="startName"/> (relative to the root) whose name starts with
    /// <paramref name="prefix"/>, recursively, on one pooled connection; failures become backend errors about <paramref name="what"/>.
    /// </summary>
    private Task<List<(string Name, ISftpFile File)>> FilesUnderAsync(string startName, string prefix, string what, CancellationToken cancellationToken) =>
        RunAsync(what, async client =>
        {
            var files = new List<(string Name, ISftpFile File)>();
            await WalkAsync(client, startName, prefix, files, cancellationToken).ConfigureAwait(false);
            return files;
        }, cancellationToken);

    /// <summary>Lists the regular files under the folder <paramref name="folderName"/> (relative to the root) whose names start with <paramref name="prefix"/>, recursively.</summary>
    /// <param name="client">The connection.</param>
    /// <param name="folderName">The folder, relative to the root ("" for the root).</param>
    /// <param name="prefix">The names to list start with this.</param>
    /// <param name="files">Where the files found go.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="start">True for the folder the listing starts at: when it is missing, the root is checked.</param>
    /// <exception cref="BackendRootNotAFolderException">The listing's folder is missing because the root is a file.</exception>
    private async Task WalkAsync(SftpClient client, string folderName, string prefix, List<(string Name, ISftpFile File)> files, CancellationToken cancellationToken, bool start = true)
    {
        var folder = folderName.Length == 0 ? RootOrDot() : Join(_endpoint.RootPath, folderName);
        var subfolders = new List<string>();
        try
        {
            await foreach (var entry in client.ListDirectoryAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Name is "." or "..")
                {
                    continue;
                }

                var name = folderName.Length == 0 ? entry.Name : folderName + "/" + entry.Name;
                if (entry.IsDirectory)
                {
                    // Descend only where names can still start with the prefix.
                    if (prefix.StartsWith(name + "/", StringComparison.Ordinal) || (name + "/").StartsWith(prefix, StringComparison.Ordinal))
                    {
                        subfolders.Add(name);
                    }
                }
                else if (entry.IsRegularFile && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    files.Add((name, entry));
                }
            }
        }
        catch (SftpPathNotFoundException)
        {
            // A folder that does not exist holds no objects; but OpenSSH answers "no such file" for a root that
            // is a file too (opendir fails with ENOTDIR), and that must not pass for an empty target.
            if (start)
            {
                await CheckRootIsNoFileAsync(client, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var subfolder in subfolders)
        {
            await WalkAsync(client, subfolder, prefix, files, cancellationToken, start: false).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses a root that exists but is not a folder; a root that does not exist is fine (the first write makes it).</summary>
    /// <exception cref="BackendRootNotAFolderException">The root is a file.</exception>
    private async Task CheckRootIsNoFileAsync(SftpClient client, CancellationToken cancellationToken)
    {
        if (_endpoint.RootPath.Length == 0)
        {
            return; // The login folder.
        }

        SftpFileAttributes attributes;
        try
        {
            attributes = await client.GetAttributesAsync(_endpoint.RootPath, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return;
        }

        if (!attributes.IsDirectory)
        {
            throw new BackendRootNotAFolderException(_endpoint.Url);
        }
    }

    /// <summary>
    /// Removes the folders that a delete in <paramref name="directory"/> left empty, innermost first, up to the
    /// root, which stays. SFTP's rmdir removes only an empty folder: the walk stops at the first one the server
    /// refuses, because it holds something (another object, the temporary file of an upload in progress) or for
    /// any other reason; the object is deleted either way. One request per delete, and one more per folder removed.
    /// </summary>
    private async Task RemoveEmptyDirectoriesAsync(SftpClient client, string directory, CancellationToken cancellationToken)
    {
        while (IsBelowRoot(directory))
        {
            // Forgotten first: a write of this instance that runs meanwhile makes the folder again rather than trust it.
            _knownDirectories.TryRemove(directory, out _);
            try
            {
                await client.DeleteDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
            }
            catch (SftpException)
            {
                return; // Not empty (the usual answer), gone already, or not ours to remove.
            }

            directory = ParentOf(directory);
        }
    }

    /// <summary>Forgets that <paramref name="directory"/> and the folders above it exist, so that the next write makes them again.</summary>
    private void ForgetDirectories(string directory)
    {
        for (; IsBelowRoot(directory); directory = ParentOf(directory))
        {
            _knownDirectories.TryRemove(directory, out _);
        }

        _knownDirectories.TryRemove(directory, out _);
    }

    /// <summary>True for a folder path inside the store's root, not the root itself.</summary>
    private bool IsBelowRoot(string directory) =>
        _endpoint.RootPath.Length == 0
            ? directory.Length > 0 && directory != "/" && !directory.StartsWith('/')
            : directory.StartsWith(_endpoint.RootPath + "/", StringComparison.Ordinal);

    /// <summary>mkdir -p: creates the folder and its missing parents, tolerating folders that exist or appear meanwhile.</summary>
    private async Task EnsureDirectoryAsync(SftpClient client, string directory, CancellationToken cancellationToken)
    {
        if (directory.Length == 0 || directory == "/" || _knownDirectories.ContainsKey(directory))
        {
            return;
        }

        try
        {
            await client.CreateDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            await EnsureDirectoryAsync(client, ParentOf(directory), cancellationToken).ConfigureAwait(false);
            await CreateOrFindDirectoryAsync(client, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpException)
        {
            // OpenSSH answers "Failure" when it exists; anything else shows up when we check.
            await CheckIsDirectoryAsync(client, directory, cancellationToken).ConfigureAwait(false);
        }

        _knownDirectories[directory] = true;
    }

    private async Task CreateOrFindDirectoryAsync(SftpClient client, string directory, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpException)
        {
            await CheckIsDirectoryAsync(client, directory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckIsDirectoryAsync(SftpClient client, string directory, CancellationToken cancellationToken)
    {
        var attributes = await client.GetAttributesAsync(directory, cancellationToken).ConfigureAwait(false);
        if (!attributes.IsDirectory)
        {
            throw directory == _endpoint.RootPath
                ? new BackendRootNotAFolderException(_endpoint.Url)
                : new BackendException($"{directory} exists on the SFTP server but is not a folder.");
        }
    }

    private string RootOrDot() => _endpoint.RootPath.Length == 0 ? "." : _endpoint.RootPath;

    private string PathOfObject(string name, string parameterName = "name")
    {
        BackendNames.Validate(name, parameterName);
        return Join(_endpoint.RootPath, name);
    }
}
