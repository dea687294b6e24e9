using Cairn.Contracts.Backends;
using Cairn.Contracts.Streams;

namespace Cairn.Plugins.Local;

/// <summary>
/// An object of the local store being written in place: a hidden temporary file in the object's folder, which the
/// commit flushes to disk and renames over the object, and then flushes the folder. A crash leaves the old object or
/// the new one, and the temporary file, which <see cref="LocalBackend.ListPartialUploadsAsync"/> finds.
/// <see cref="LocalBackend.WriteAsync"/> writes through one too.
/// </summary>
internal sealed class LocalObjectWriter : IObjectWriter
{
    /// <summary>What the temporary file buffers: the archive writer's records are small, its frames large.</summary>
    public const int BufferSize = 1 << 16;

    private readonly string _name;
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _file;
    private readonly Action _dropped;
    private bool _committed;

    /// <summary>Writes <paramref name="name"/>, which goes at <paramref name="path"/>, into <paramref name="file"/>, a new temporary file in the same folder that it then owns.</summary>
    /// <param name="name">The object's name, for messages.</param>
    /// <param name="path">Where the object goes.</param>
    /// <param name="temporary">The temporary file's path.</param>
    /// <param name="file">The temporary file, open for writing.</param>
    /// <param name="dropped">Called once the temporary file of a writer disposed without a commit is gone: the store
    /// removes the folders that its write made and that are empty again.</param>
    public LocalObjectWriter(string name, string path, string temporary, FileStream file, Action dropped)
    {
        _name = name;
        _path = path;
        _temporary = temporary;
        _file = file;
        _dropped = dropped;
        Content = new MappedErrorsStream(file, name, new EarlyWriteback(file.SafeFileHandle));
    }

    /// <inheritdoc />
    public Stream Content { get; }

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_committed)
        {
            throw new InvalidOperationException($"{_name} was committed already.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_temporary, _path, overwrite: true);
            _committed = true;
            DirectorySync.Flush(Path.GetDirectoryName(_path)!);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The temporary file went with its folder while it was written: "not found" would name the wrong culprit.
            throw new BackendException($"{_name} could not be written: {Path.GetDirectoryName(_path)} was removed while it was (was the target deleted or unmounted?)", isTransient: false, e);
        }
        catch (Exception e) when (LocalErrors.Map(e, _name) is { } mapped)
        {
            throw mapped;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Without a commit, the temporary file goes, and the folders made for it when empty: nothing of the object is left.</remarks>
    public ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                _file.Dispose(); // flushes its buffer, which may fail as a write would: the file goes anyway
            }
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException) // EFBIG is the latter in .NET
            {
            }

            LocalBackend.TryDelete(_temporary);
            _dropped();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The temporary file's stream, whose failures are the store's typed errors (a full disk is
    /// <see cref="BackendFullException"/>), and whose pages start for the disk as they are written.
    /// </summary>
    private sealed class MappedErrorsStream(FileStream file, string name, EarlyWriteback writeback) : ForwardWriteStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                file.Write(buffer);
                writeback.Reached(file.Position);
            }
            catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
            {
                throw mapped;
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                writeback.Reached(file.Position);
            }
            catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
            {
                throw mapped;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
            try
            {
                file.Flush();
            }
            catch (Exception e) when (LocalErrors.Map(e, name) is { } mapped)
            {
                throw mapped;
            }
        }
    }
}
