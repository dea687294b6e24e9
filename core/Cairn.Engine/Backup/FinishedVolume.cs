using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>A volume the set writer has finished, waiting for <see cref="VolumeUploader"/> to store it on the target.</summary>
/// <param name="number">The volume's number in its set.</param>
internal abstract class FinishedVolume(uint number)
{
    /// <summary>The volume's file name in the set's folder.</summary>
    public string FileName { get; } = TargetLayout.VolumeFile(number);

    /// <summary>
    /// Stores the volume as <paramref name="set"/>'s and returns what the manifest records about it. A volume that
    /// fails to store leaves nothing behind either, as <see cref="DiscardAsync"/>.
    /// </summary>
    public abstract Task<StoredObject> StoreAsync(IBackend backend, SetName set, CancellationToken cancellationToken);

    /// <summary>Drops the volume after the backup failed: nothing of it is left on the target.</summary>
    public abstract ValueTask DiscardAsync();
}

/// <summary>A volume written to the staging folder, uploaded with <see cref="IBackend.WriteAsync"/>.</summary>
/// <param name="number">The volume's number in its set.</param>
/// <param name="path">The staged file, deleted once uploaded (the staging folder goes with a failed backup).</param>
/// <param name="sha256">Its lowercase hex SHA-256, computed as it was written.</param>
internal sealed class StagedVolume(uint number, string path, string sha256) : FinishedVolume(number)
{
    public override async Task<StoredObject> StoreAsync(IBackend backend, SetName set, CancellationToken cancellationToken)
    {
        var stored = await ObjectTransfer.UploadAsync(backend, path, TargetLayout.ObjectName(set, FileName), FileName, cancellationToken, sha256).ConfigureAwait(false);
        File.Delete(path);
        return stored;
    }

    public override ValueTask DiscardAsync() => ValueTask.CompletedTask;
}

/// <summary>A volume written into the target in place (<see cref="IBackend.OpenObjectWriter"/>), committed when stored.</summary>
/// <param name="number">The volume's number in its set.</param>
/// <param name="writer">The object, written to its end.</param>
/// <param name="size">The bytes written.</param>
/// <param name="sha256">Their lowercase hex SHA-256, computed as they were written.</param>
internal sealed class PlacedVolume(uint number, IObjectWriter writer, long size, string sha256) : FinishedVolume(number)
{
    public override async Task<StoredObject> StoreAsync(IBackend backend, SetName set, CancellationToken cancellationToken)
    {
        await using (writer.ConfigureAwait(false))
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new StoredObject(FileName, size, sha256);
    }

    public override ValueTask DiscardAsync() => writer.DisposeAsync();
}
