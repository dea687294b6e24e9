using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.SampleBackend;

/// <summary>
/// A small but complete backend: every object is one file in a single folder, named by the hex form of the
/// object's UTF-8 name (so any valid name up to 127 bytes is a valid file name, and there are no sub-folders to manage).
/// Writes go to a temporary file that is flushed and renamed over the object, which makes them atomic; a write
/// that dies first leaves its temporary file, which <see cref="ListPartialUploadsAsync"/> finds for <c>cairn cleanup</c>.
/// </summary>
public sealed class SampleBackend : IBackend, IPartialUploads
{
    private readonly string _folder;

    /// <summary>Opens the store in <paramref name="folder"/>, created on the first write.</summary>
    public SampleBackend(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folder = folder;
    }

    /// <inheritdoc />
    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.Rename;

    /// <inheritdoc />
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix); // Every backend checks names and prefixes the same way.
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A write in progress (or one a killed process left) is never listed, nor a file that is no object of
            // this store: a listing that threw on a stranger would stop every command on the target.
            if (ObjectName(file.Name) is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return new BackendObjectInfo(name, file.Length, file.LastWriteTimeUtc);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(name));
        return Task.FromResult(file.Exists ? new BackendObjectInfo(name, file.Length, file.LastWriteTimeUtc) : null);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length ?? 0, nameof(length));
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new BackendNotFoundException(name, e); // The contract's "not found" is a typed error.
        }
        catch (DirectoryNotFoundException e)
        {
            throw new BackendNotFoundException(name, e);
        }

        var start = Math.Min(offset, file.Length);
        file.Position = start;
        var available = file.Length - start;
        return Task.FromResult<Stream>(new RangeStream(file, Math.Min(length ?? available, available)));
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_folder);
        // The reserved prefix keeps the temporary file out of listings, and lets cleanup find it if this process dies.
        var temporary = Path.Combine(_folder, BackendNames.PartialUploadPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true); // Durable before it becomes visible.
            }

            File.Move(temporary, path, overwrite: true); // rename(2) is atomic: readers see old or new.
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles(BackendNames.PartialUploadPrefix + "*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PartialUpload(file.Name, file.Length, file.LastWriteTimeUtc);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);

        // Only a temporary file of this folder: the check refuses every object's name, and a '/' would leave the folder.
        BackendNames.ValidatePartialUpload(upload.Name, nameof(upload));
        if (upload.Name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{upload.Name}\" is not one of this store's uploads: they lie in its one folder.", nameof(upload));
        }

        File.Delete(Path.Combine(_folder, upload.Name)); // A file that is gone already is no error.
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            File.Delete(path); // Deleting a missing object is not an error, as the contract wants.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var from = PathOf(source, nameof(source));
        var to = PathOf(destination, nameof(destination));
        if (!File.Exists(from))
        {
            throw new BackendNotFoundException(source);
        }

        File.Move(from, to, overwrite: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The object a file of the folder holds, or null when the file holds none (not a hex-encoded valid name).</summary>
    private static string? ObjectName(string fileName)
    {
        Span<byte> bytes = stackalloc byte[128]; // a file name has at most 255 characters: 127 bytes in hex
        if (Convert.FromHexString(fileName, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        var name = Encoding.UTF8.GetString(bytes[..written]);
        return BackendNames.FindProblem(name) is null ? name : null;
    }

    private string PathOf(string name, string parameterName = "name")
    {
        BackendNames.Validate(name, parameterName);
        return Path.Combine(_folder, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name)));
    }
}
