using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Backends;
using Cairn.Plugins.Backends;

namespace Cairn.Plugins.WebDav;

/// <summary>
/// A store on a WebDAV server (RFC 4918). Writes PUT to a hidden temporary name (in the folder <c>.cairn-partial-uploads</c>),
/// check the size the server stored, then MOVE it over the object: readers see the old object or the new
/// one. Missing folders are created with MKCOL (a PUT into a missing collection fails on many servers).
/// Listing walks folders with PROPFIND Depth 1, which every server allows (Depth infinity often is not).
/// </summary>
public sealed class WebDavBackend : IBackend, IPartialUploads
{
    private static readonly HttpMethod Propfind = new("PROPFIND");
    private static readonly HttpMethod Mkcol = new("MKCOL");
    private static readonly HttpMethod Move = new("MOVE");

    private static readonly byte[] PropfindBody = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>");

    /// <summary>The folder, below the store's root, that holds uploads until they are complete and verified.</summary>
    internal const string UploadFolder = BackendNames.PartialUploadPrefix + "uploads";

    private readonly HttpClient _http;
    private readonly WebDavPaths _paths;
    private readonly WebDavEndpoint _endpoint;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly ConcurrentDictionary<string, bool> _knownFolders = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _folderLock = new(1, 1);
    private volatile bool _rootIsFolder;

    internal WebDavBackend(WebDavEndpoint endpoint)
    {
        _endpoint = endpoint;
        _paths = new WebDavPaths(endpoint.Origin, endpoint.RootSegments);
        if (endpoint.User is not null)
        {
            var credentials = Encoding.UTF8.GetBytes($"{endpoint.User}:{endpoint.Password?.Text}");
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
            CryptographicOperations.ZeroMemory(credentials);
        }

        var handler = new SocketsHttpHandler
        {
            // Redirects would silently move PUT/MOVE elsewhere (and may drop to plain HTTP): report them instead.
            AllowAutoRedirect = false,
            ConnectTimeout = endpoint.Timeout,
            MaxConnectionsPerServer = endpoint.MaxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.Rename;

    /// <inheritdoc />
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        // Walk only below the deepest folder the prefix names in full, and only into folders that can hold matches.
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0 ? "" : prefix[..lastSlash];
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var children = await PropfindAsync(folder, collection: true, depth: 1, cancellationToken).ConfigureAwait(false);
            if (children is null)
            {
                // A folder that does not exist holds nothing; unless the root is a file (some servers answer 404
                // for "file/"), which must not pass for an empty target.
                if (folder == start)
                {
                    await CheckRootIsNoFileAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            foreach (var child in children)
            {
                var name = _paths.NameOf(child.Href);
                if (name is { Length: 0 })
                {
                    // The root itself: a file when it is no collection (rclone answers a PROPFIND of "file/" with the file).
                    if (!child.IsCollection)
                    {
                        throw new BackendRootNotAFolderException(_endpoint.Url);
                    }

                    _rootIsFolder = true;
                    continue;
                }

                if (name is null || name == folder)
                {
                    continue; // The folder itself, or something outside the store.
                }

                if (child.IsCollection)
                {
                    if (BackendNames.IsPartialUpload(name))
                    {
                        continue; // The folder of uploads in progress.
                    }

                    var asFolder = name + "/";
                    if (asFolder.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(asFolder, StringComparison.Ordinal))
                    {
                        pending.Push(name);
                    }
                }
                else if (name.StartsWith(prefix, StringComparison.Ordinal) && BackendNames.FindProblem(name) is null)
                {
                    yield return new BackendObjectInfo(name, SizeOf(child, name), child.LastModified);
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The files in the hidden folder <c>.cairn-partial-uploads</c>, where every upload starts.</remarks>
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var children = await PropfindAsync(UploadFolder, collection: true, depth: 1, cancellationToken).ConfigureAwait(false);
        foreach (var child in children ?? [])
        {
            var name = _paths.NameOf(child.Href);
            if (!child.IsCollection && name is not null && name.StartsWith(UploadFolder + "/", StringComparison.Ordinal) &&
                BackendNames.FindPartialUploadProblem(name) is null)
            {
                yield return new PartialUpload(name, SizeOf(child, name), child.LastModified);
            }
        }
    }

    /// <inheritdoc />
    public async Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        BackendNames.ValidatePartialUpload(upload.Name, nameof(upload));
        await DeleteFileAsync(upload.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        return StatObjectAsync(name, cancellationToken);
    }

    /// <summary>Stat of a name already checked (or one of this backend's temporary names).</summary>
    private async Task<BackendObjectInfo?> StatObjectAsync(string name, CancellationToken cancellationToken)
    {
        var found = await PropfindAsync(name, collection: false, depth: 0, cancellationToken).ConfigureAwait(false);
        var self = found?.FirstOrDefault(r => _paths.NameOf(r.Href) == name) ?? found?.FirstOrDefault();
        return self is null || self.IsCollection ? null : new BackendObjectInfo(name, SizeOf(self, name), self.LastModified);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        if (length == 0)
        {
            // Nothing to transfer, but a missing object must still be an error.
            return await StatAsync(name, cancellationToken).ConfigureAwait(false) is null
                ? throw new BackendNotFoundException(name)
                : new MemoryStream([], writable: false);
        }

        using var request = NewRequest(HttpMethod.Get, _paths.Object(name));
        if (offset > 0 || length is not null)
        {
            request.Headers.Range = new RangeHeaderValue(offset, length is { } count ? offset + count - 1 : null);
        }

        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, "GET", name, _endpoint.Timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    // The range starts at or past the end (the object exists, or this would be 404): nothing to read.
                    response.Dispose();
                    return new MemoryStream([], writable: false);

                case HttpStatusCode.PartialContent:
                {
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From is { } from && from != offset)
                    {
                        throw new BackendException($"WebDAV GET of \"{BackendNames.Printable(name)}\": asked for bytes from {offset}, the server sent bytes from {from}.");
                    }

                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    return new ReadWindowStream(body, length ?? long.MaxValue, response, e => BodyError(e, name));
                }

                case HttpStatusCode.OK:
                {
                    // A server that ignores Range sends the whole object: skip to the offset ourselves.
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await SkipAsync(body, offset, cancellationToken).ConfigureAwait(false);
                    return new ReadWindowStream(body, length ?? long.MaxValue, response, e => BodyError(e, name));
                }

                default:
                    throw WebDavErrors.FromStatus(response, "GET", name, _endpoint.User);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        // Uploads in progress live in one hidden folder, not beside the object: some servers (rclone serve webdav)
        // break a PROPFIND of a folder while a file in it is still being written.
        var temporary = UploadFolder + "/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        // MKCOL of a file answers 405, as for a folder that exists: look at the root before writing into it.
        await CheckRootIsNoFileAsync(cancellationToken).ConfigureAwait(false);
        await EnsureFoldersAsync(temporary, cancellationToken).ConfigureAwait(false);
        await EnsureFoldersAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            var counted = new CountingReadStream(content);
            using (var request = NewRequest(HttpMethod.Put, _paths.Object(temporary)))
            {
                request.Content = new StreamContent(counted, 1 << 16);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                if (content.CanSeek)
                {
                    request.Content.Headers.ContentLength = content.Length - content.Position;
                }

                // Learn about a refusal (401, 507) before sending a whole volume.
                request.Headers.ExpectContinue = true;
                using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "PUT", name, _endpoint.UploadTimeout, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                {
                    // The folder vanished after we created it (someone else pruned it): forget it, so a retry recreates it.
                    ForgetFolders();
                    throw new BackendTransientException($"WebDAV PUT of \"{BackendNames.Printable(name)}\": its folder disappeared on the server ({(int)response.StatusCode}).");
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw WebDavErrors.FromStatus(response, "PUT", name, _endpoint.User);
                }
            }

            // Upload verification: the server must hold exactly what was sent before the object becomes visible.
            var stored = await StatObjectAsync(temporary, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Size != counted.BytesRead)
            {
                throw new BackendTransientException(
                    $"WebDAV PUT of \"{BackendNames.Printable(name)}\": sent {counted.BytesRead} bytes but the server holds {(stored is null ? "nothing" : $"{stored.Size} bytes")}.");
            }

            await MoveAsync(temporary, name, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await TryDeleteAsync(temporary).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        await DeleteFileAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(source, nameof(source));
        BackendNames.Validate(destination, nameof(destination));
        await EnsureFoldersAsync(destination, cancellationToken).ConfigureAwait(false);
        await MoveAsync(source, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _folderLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>DELETE of a name already checked, when it is a file: missing is no error.</summary>
    private async Task DeleteFileAsync(string name, CancellationToken cancellationToken)
    {
        // DELETE of a collection removes everything in it: make sure the name is an object, not a folder.
        if (await StatObjectAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        using var request = NewRequest(HttpMethod.Delete, _paths.Object(name));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "DELETE", name, _endpoint.Timeout, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            throw WebDavErrors.FromStatus(response, "DELETE", name, _endpoint.User);
        }
    }

    private async Task MoveAsync(string source, string destination, CancellationToken cancellationToken)
    {
        using var request = NewRequest(Move, _paths.Object(source));
        request.Headers.Add("Destination", _paths.Object(destination).AbsoluteUri);
        request.Headers.Add("Overwrite", "T");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "MOVE", source, _endpoint.Timeout, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // Servers answer a missing source with 404, 403 (rclone) or 409: tell "not found" apart from a real refusal.
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Conflict &&
            await StatObjectAsync(source, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new BackendNotFoundException(source);
        }

        throw WebDavErrors.FromStatus(response, "MOVE", source, _endpoint.User);
    }

    /// <summary>Creates the root's folders and the object's parent folders that this instance has not seen yet, outermost first.</summary>
    private async Task EnsureFoldersAsync(string name, CancellationToken cancellationToken)
    {
        var missing = _paths.FoldersToCreate(name).Where(folder => !_knownFolders.ContainsKey(folder)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // One MKCOL at a time: servers answer concurrent MKCOLs of one folder with 423 Locked.
        await _folderLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CreateFoldersAsync(missing, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _folderLock.Release();
        }
    }

    private async Task CreateFoldersAsync(List<string> folders, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
        {
            if (_knownFolders.ContainsKey(folder))
            {
                continue;
            }

            using var request = NewRequest(Mkcol, _paths.FolderToCreate(folder));
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "MKCOL", folder.TrimStart('/'), _endpoint.Timeout, cancellationToken).ConfigureAwait(false);
            // 201: created; 405: it exists already (RFC 4918); some servers (rclone) answer 201 for an existing folder too.
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.MethodNotAllowed or HttpStatusCode.OK or HttpStatusCode.NoContent))
            {
                throw WebDavErrors.FromStatus(response, "MKCOL", folder.TrimStart('/'), _endpoint.User);
            }

            _knownFolders.TryAdd(folder, true);
        }
    }

    private void ForgetFolders() => _knownFolders.Clear();

    /// <summary>
    /// Refuses a root that exists but is not a collection (a mistyped URL naming a file). Asked once the root is
    /// known to be a folder, never again; a root that does not exist is fine (the first write makes it).
    /// </summary>
    /// <exception cref="BackendRootNotAFolderException">The root is a file.</exception>
    private async Task CheckRootIsNoFileAsync(CancellationToken cancellationToken)
    {
        if (_rootIsFolder || _endpoint.RootSegments.Count == 0)
        {
            return;
        }

        var found = await PropfindAsync(_paths.Root(), "", collection: false, depth: 0, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return;
        }

        // No entry: the server redirected the name to the name with a slash, as it does for a folder.
        var self = found.FirstOrDefault(r => _paths.NameOf(r.Href) == "") ?? found.FirstOrDefault();
        if (self is { IsCollection: false })
        {
            throw new BackendRootNotAFolderException(_endpoint.Url);
        }

        _rootIsFolder = true;
    }

    /// <summary>PROPFIND of a name; null when it does not exist.</summary>
    private Task<List<WebDavResource>?> PropfindAsync(string name, bool collection, int depth, CancellationToken cancellationToken) =>
        PropfindAsync(collection ? _paths.Collection(name) : _paths.Object(name), name, collection, depth, cancellationToken);

    /// <summary>PROPFIND of <paramref name="url"/> (<paramref name="name"/> for messages); null when it does not exist.</summary>
    private async Task<List<WebDavResource>?> PropfindAsync(Uri url, string name, bool collection, int depth, CancellationToken cancellationToken)
    {
        using var request = NewRequest(Propfind, url);
        request.Headers.Add("Depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent(PropfindBody);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_endpoint.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return null;
            }

            if (!collection && IsRedirectToFolder(response, request.RequestUri!))
            {
                // Some servers (Apache) redirect a folder's name without the slash to the name with it: not an object.
                return [];
            }

            if (response.StatusCode != HttpStatusCode.MultiStatus)
            {
                throw WebDavErrors.FromStatus(response, "PROPFIND", name, _endpoint.User);
            }

            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return await MultiStatusReader.ReadAsync(body, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException e)
        {
            // Usually a reply cut short by a failure on the server (rclone appends "Internal Server Error" to a broken walk).
            throw new BackendTransientException($"WebDAV PROPFIND of \"{BackendNames.Printable(name)}\": {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (e is BackendException)
            {
                throw;
            }

            throw WebDavErrors.FromTransport(e, "PROPFIND", name, e is OperationCanceledException ? _endpoint.Timeout : null);
        }
    }

    /// <summary>Sends a request; transport failures and timeouts become transient backend errors. The caller disposes the reply.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, HttpCompletionOption completion, string operation, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            return await _http.SendAsync(request, completion, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw WebDavErrors.FromTransport(e, operation, name, timeout);
        }
        catch (HttpRequestException e) when (e.InnerException is BackendException inner)
        {
            // The content stream itself failed (the source of the upload): report that, not a network error.
            throw inner;
        }
        catch (HttpRequestException e)
        {
            throw WebDavErrors.FromTransport(e, operation, name, null);
        }
    }

    /// <summary>The error for a response body that broke off (a dropped connection); null for others.</summary>
    private static BackendException? BodyError(Exception exception, string name) =>
        exception is IOException or HttpRequestException ? WebDavErrors.FromTransport(exception, "GET", name, null) : null;

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = _authorization;
        return request;
    }

    private async Task TryDeleteAsync(string name)
    {
        try
        {
            using var request = NewRequest(HttpMethod.Delete, _paths.Object(name));
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "DELETE", name, _endpoint.Timeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException)
        {
            // Best effort: a leftover temporary object is hidden from listings and never read.
        }
    }

    private static bool IsRedirectToFolder(HttpResponseMessage response, Uri requested) =>
        (int)response.StatusCode is >= 300 and < 400 &&
        response.Headers.Location is { } location &&
        (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString) == requested.AbsolutePath + "/";

    private static long SizeOf(WebDavResource resource, string name) =>
        resource.Length ?? throw new BackendException($"The WebDAV server did not report the size of \"{BackendNames.Printable(name)}\".");

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (count > 0)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return; // The offset is past the end: the window reads nothing.
                }

                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
