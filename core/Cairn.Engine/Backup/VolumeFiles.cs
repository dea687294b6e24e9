using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>
/// Where a set's volumes are written, each hashed as it is written. When the target's backend writes objects in place
/// (<see cref="IBackend.OpenObjectWriter"/>: a folder on this machine), each volume goes straight into the target,
/// where it stays: written once, where a staged volume is written and then copied. Otherwise it goes to the staging
/// folder, to be uploaded; its hash is known by then, so the upload does not read it back to hash it.
/// </summary>
/// <param name="backend">The target.</param>
/// <param name="set">The set being written.</param>
/// <param name="staging">The backup's staging folder.</param>
internal sealed class VolumeFiles(IBackend backend, SetName set, string staging) : IAsyncDisposable
{
    /// <summary>What a staged volume's file buffers.</summary>
    private const int StagingBufferSize = 1 << 16;

    /// <summary>The volume being written: the hashing stream the set writer writes to, over the in-place writer or the staged file.</summary>
    private (HashingWriteStream Content, IObjectWriter? InPlace, FileStream? Staged)? _open;

    /// <summary>Opens volume <paramref name="number"/> for the set writer.</summary>
    /// <exception cref="BackendException">The target could not start the volume.</exception>
    public Stream Open(uint number)
    {
        if (backend.OpenObjectWriter(TargetLayout.ObjectName(set, TargetLayout.VolumeFile(number))) is { } writer)
        {
            _open = (new HashingWriteStream(writer.Content), writer, null);
        }
        else
        {
            var file = new FileStream(StagedPath(number), FileMode.CreateNew, FileAccess.Write, FileShare.None, StagingBufferSize);
            _open = (new HashingWriteStream(file), null, file);
        }

        return _open.Value.Content;
    }

    /// <summary>Closes the volume the set writer finished, and returns it to be stored.</summary>
    /// <param name="number">The volume's number.</param>
    /// <param name="stream">The stream <see cref="Open"/> gave for it.</param>
    public FinishedVolume Close(uint number, Stream stream)
    {
        if (_open is not { } open || !ReferenceEquals(open.Content, stream))
        {
            throw new InvalidOperationException($"Volume {number} is not the one open.");
        }

        open.Content.Flush(); // when this fails, the volume is still open, for DisposeAsync to drop
        var (size, sha256) = (open.Content.BytesWritten, Convert.ToHexStringLower(open.Content.GetHash()));
        open.Content.Dispose();
        open.Staged?.Dispose();
        _open = null;
        return open.InPlace is { } writer
            ? new PlacedVolume(number, writer, size, sha256)
            : new StagedVolume(number, StagedPath(number), sha256);
    }

    /// <summary>Drops a volume still open when the backup failed: nothing of it stays on the target.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_open is { } open)
        {
            _open = null;
            open.Content.Dispose();
            open.Staged?.Dispose(); // the staging folder goes with the failed backup
            if (open.InPlace is { } writer)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private string StagedPath(uint number) => Path.Combine(staging, TargetLayout.VolumeFile(number));
}
