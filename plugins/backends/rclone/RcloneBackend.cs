using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// A store reached through the <c>rclone</c> program, so that any of rclone's storage services works.
/// Each call runs one rclone command: <c>rcat</c> to upload to a hidden temporary name, <c>lsjson --stat</c>
/// to check the size that arrived, <c>moveto</c> to make it visible (atomic where the remote renames
/// atomically; a server-side copy elsewhere), <c>cat --offset --count</c> for ranged reads,
/// <c>lsjson -R</c> to list and <c>deletefile</c> to delete.
/// </summary>
public sealed class RcloneBackend : IBackend, IPartialUploads, ILocalFolderBackend
{
    private const int StatOutputLimit = 64 * 1024;

    private readonly RcloneTarget _target;
    private volatile bool _rootIsFolder;

    internal RcloneBackend(RcloneTarget target)
    {
        _target = target;
    }

    /// <inheritdoc />
    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.Rename;

    /// <inheritdoc />
    public string? LocalFolder => _target.LocalFolder;

    /// <inheritdoc />
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        // lsjson of a file root lists the file itself, as an object named like it, and of a folder below it
        // nothing: either would pass for a target without backups.
        await CheckRootIsNoFileAsync(cancellationToken).ConfigureAwait(false);
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? "" : prefix[..lastSlash];
        // lsjson of a file lists the file itself: only list a folder that is no object.
        if (folder.Length > 0 && await StatEntryAsync(folder, cancellationToken).ConfigureAwait(false) is { IsDir: false })
        {
            yield break;
        }

        await foreach (var (name, entry) in ListFilesAsync(folder, prefix, cancellationToken).ConfigureAwait(false))
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && BackendNames.FindProblem(name) is null)
            {
                yield return new BackendObjectInfo(name, entry.Size, entry.ModTime);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The hidden <c>.cairn-partial-…</c> files that <c>rcat</c> leaves beside their objects, in every folder of the store.</remarks>
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (name, entry) in ListFilesAsync("", "partial uploads", cancellationToken).ConfigureAwait(false))
        {
            if (BackendNames.FindPartialUploadProblem(name) is null)
            {
                yield return new PartialUpload(name, entry.Size, entry.ModTime);
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
    public async Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        var entry = await StatEntryAsync(name, cancellationToken).ConfigureAwait(false);
        return entry is null || entry.IsDir ? null : new BackendObjectInfo(name, entry.Size, entry.ModTime);
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

        // rclone cat of a folder prints every file in it, and of a missing name prints nothing: look first.
        var info = await StatAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new BackendNotFoundException(name);
        var available = Math.Max(0, info.Size - offset);
        var count = length is { } want ? Math.Min(want, available) : available;
        if (count == 0)
        {
            return new MemoryStream([], writable: false);
        }

        var process = RcloneProcess.Start(_target, keepInput: false, "cat",
            "--offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _target.PathOf(name));
        return new RcloneReadStream(process, name);
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        var slash = name.LastIndexOf('/');
        var temporary = (slash < 0 ? "" : name[..(slash + 1)]) + BackendNames.PartialUploadPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await CheckRootIsNoFileAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = await UploadAsync(temporary, name, content, cancellationToken).ConfigureAwait(false);
            // Upload verification: the remote must hold exactly what was sent before the object becomes visible.
            var stored = await StatEntryAsync(temporary, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.IsDir || stored.Size != sent)
            {
                throw new BackendTransientException(
                    $"rclone rcat of \"{BackendNames.Printable(name)}\": sent {sent} bytes but the remote holds {(stored is null ? "nothing" : $"{stored.Size} bytes")}.");
            }

            await RunAsync("moveto", name, cancellationToken, _target.PathOf(temporary), _target.PathOf(name)).ConfigureAwait(false);
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
        // moveto of a folder moves the whole folder, and of a missing name fails vaguely: look first.
        if (await StatAsync(source, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new BackendNotFoundException(source);
        }

        await RunAsync("moveto", source, cancellationToken, _target.PathOf(source), _target.PathOf(destination)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Every file below <paramref name="folder"/> (relative to the root), recursively, with its name relative to the
    /// root; a folder that does not exist holds none. Failures are backend errors about <paramref name="what"/>.
    /// </summary>
    private async IAsyncEnumerable<(string Name, RcloneListEntry Entry)> ListFilesAsync(string folder, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var process = RcloneProcess.Start(_target, keepInput: false, "lsjson", "-R", "--files-only", "--no-mimetype", _target.PathOf(folder));
        var entries = JsonSerializer.DeserializeAsyncEnumerable(process.Output, RcloneJson.Default.RcloneListEntry, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (entries.ConfigureAwait(false))
        {
            while (true)
            {
                RcloneListEntry? entry;
                try
                {
                    if (!await entries.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    entry = entries.Current;
                }
                catch (JsonException e)
                {
                    // A failed listing stops its JSON halfway: the exit code says what happened.
                    var failed = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (failed == 3)
                    {
                        yield break; // A folder that does not exist holds nothing.
                    }

                    throw failed != 0
                        ? RcloneErrors.Map(failed, process.ErrorOutput, "lsjson", what)
                        : new BackendException($"rclone lsjson printed a listing that is not valid JSON: {e.Message}", isTransient: false, e);
                }

                if (entry is not null && !entry.IsDir)
                {
                    yield return (folder.Length == 0 ? entry.Path : folder + "/" + entry.Path, entry);
                }
            }
        }

        var exitCode = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode is not (0 or 3))
        {
            throw RcloneErrors.Map(exitCode, process.ErrorOutput, "lsjson", what);
        }
    }

    /// <summary>rclone deletefile of a name already checked; a file that is gone already is no error.</summary>
    private async Task DeleteFileAsync(string name, CancellationToken cancellationToken)
    {
        using var process = RcloneProcess.Start(_target, keepInput: false, "deletefile", _target.PathOf(name));
        var exitCode = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        // deletefile of a missing object fails (exit 1 in rclone 1.60): that is success here, when the object is indeed gone.
        if (exitCode != 0 && await StatEntryAsync(name, cancellationToken).ConfigureAwait(false) is { IsDir: false })
        {
            throw RcloneErrors.Map(exitCode, process.ErrorOutput, "deletefile", name);
        }
    }

    /// <summary>rclone rcat from <paramref name="content"/>; returns the number of bytes sent.</summary>
    private async Task<long> UploadAsync(string temporary, string name, Stream content, CancellationToken cancellationToken)
    {
        using var process = RcloneProcess.Start(_target, keepInput: true, "rcat", _target.PathOf(temporary));
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        long sent = 0;
        try
        {
            int read;
            // A failure to read the content propagates (and disposing the process stops rclone before it stores a part).
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                try
                {
                    await process.Input.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    break; // rclone stopped reading (it failed): its exit code and error output below say why.
                }

                sent += read;
            }

            try
            {
                process.Input.Close();
            }
            catch (IOException)
            {
                // Same: rclone is gone already.
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var exitCode = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw RcloneErrors.Map(exitCode, process.ErrorOutput, "rcat", name);
        }

        return sent;
    }

    /// <summary>
    /// Refuses a root that exists but is not a folder (a mistyped path naming a file). One <c>lsjson --stat</c>
    /// until the root is seen to be a folder, then never again; a root that does not exist is fine (the first
    /// write makes it), and a remote's own root (<c>myremote:</c>) is never a file.
    /// </summary>
    /// <exception cref="BackendRootNotAFolderException">The root is a file.</exception>
    private async Task CheckRootIsNoFileAsync(CancellationToken cancellationToken)
    {
        if (_rootIsFolder || _target.Root.EndsWith(':'))
        {
            return;
        }

        switch (await StatEntryAsync("", cancellationToken).ConfigureAwait(false))
        {
            case { IsDir: false }:
                throw new BackendRootNotAFolderException("rclone:" + _target.Root);
            case { IsDir: true }:
                _rootIsFolder = true;
                break;
        }
    }

    private async Task<RcloneListEntry?> StatEntryAsync(string name, CancellationToken cancellationToken)
    {
        using var process = RcloneProcess.Start(_target, keepInput: false, "lsjson", "--stat", "--no-mimetype", _target.PathOf(name));
        var (exitCode, output) = await process.RunToEndAsync(StatOutputLimit, cancellationToken).ConfigureAwait(false);
        if (exitCode is 3 or 4)
        {
            return null;
        }

        if (exitCode != 0)
        {
            throw RcloneErrors.Map(exitCode, process.ErrorOutput, "lsjson --stat", name);
        }

        try
        {
            return JsonSerializer.Deserialize(output, RcloneJson.Default.RcloneListEntry);
        }
        catch (JsonException e)
        {
            throw new BackendException($"rclone lsjson --stat of \"{BackendNames.Printable(name)}\" printed something that is not JSON: {e.Message}", isTransient: false, e);
        }
    }

    private async Task RunAsync(string command, string name, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = RcloneProcess.Start(_target, keepInput: false, [command, .. arguments]);
        var exitCode = await process.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw RcloneErrors.Map(exitCode, process.ErrorOutput, command, name);
        }
    }

    private async Task TryDeleteAsync(string name)
    {
        try
        {
            using var process = RcloneProcess.Start(_target, keepInput: false, "deletefile", _target.PathOf(name));
            await process.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException)
        {
            // Best effort: a leftover temporary object is hidden from listings and never read.
        }
    }
}
