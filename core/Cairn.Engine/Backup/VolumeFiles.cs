using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>
/// Where a set's volumes are written. When the target's backend writes objects in place
/// (<see cref="IBackend.OpenObjectWriter"/>: a folder on this machine), each volume goes straight into the target,
/// where it stays, and is hashed as it is written: written once, where a staged volume is written, read back to be
/// hashed, and copied. Otherwise it goes to the staging folder, to be uploaded.
/// </summary>
/// <param name="backend">The target.</param>
/// <param name="set">The set being written.</param>
/// <param name="staging">The backup's staging folder.</param>
internal sealed class VolumeFiles(IBackend backend, SetName set, string staging) : IAsyncDisposable
{
    /// <summary>What a staged volume's file buffers.</summary>
    private const int StagingBufferSize = 1 << 16;

    private (IObjectWriter Writer, HashingWriteStream Content)? _inPlace;

    /// <summary>Opens volume <paramref name="number"/> for the set writer.</summary>
    /// <exception cref="BackendException">The target could not start the volume.</exception>
    public Stream Open(uint number)
    {
        var file = TargetLayout.VolumeFile(number);
        if (backend.OpenObjectWriter(TargetLayout.ObjectName(set, file)) is { } writer)
        {
            var content = new HashingWriteStream(writer.Content);
            _inPlace = (writer, content);
            return content;
        }

        return new FileStream(Path.Combine(staging, file), FileMode.CreateNew, FileAccess.Write, FileShare.None, StagingBufferSize);
    }

    /// <summary>Closes a volume the set writer finished, and returns it to be stored.</summary>
    /// <param name="number">The volume's number.</param>
    /// <param name="stream">The stream <see cref="Open"/> gave for it.</param>
    public FinishedVolume Close(uint number, Stream stream)
    {
        if (_inPlace is { } placed && ReferenceEquals(placed.Content, stream))
        {
            placed.Content.Flush(); // when this fails, the volume is still open, for DisposeAsync to drop
            var volume = new PlacedVolume(number, placed.Writer, placed.Content.BytesWritten, Convert.ToHexStringLower(placed.Content.GetHash()));
            placed.Content.Dispose();
            _inPlace = null;
            return volume;
        }

        stream.Dispose();
        return new StagedVolume(number, Path.Combine(staging, TargetLayout.VolumeFile(number)));
    }

    /// <summary>Drops a volume still open when the backup failed: nothing of it stays on the target.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_inPlace is { } placed)
        {
            _inPlace = null;
            placed.Content.Dispose();
            await placed.Writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
