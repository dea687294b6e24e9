using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>An object of a set (a volume, the signatures, the catalogue) written to its end, waiting to be stored on the target.</summary>
/// <param name="fileName">The object's file name in the set's folder.</param>
internal abstract class FinishedObject(string fileName)
{
    /// <summary>The object's file name in the set's folder.</summary>
    public string FileName { get; } = fileName;

    /// <summary>
    /// Stores the object as <paramref name="set"/>'s and returns what the manifest records about it. An object that
    /// fails to store leaves nothing behind either, as <see cref="DiscardAsync"/>.
    /// </summary>
    public abstract Task<StoredObject> StoreAsync(IBackend backend, SetName set, CancellationToken cancellationToken);

    /// <summary>Drops the object after the backup failed: nothing of it is left on the target.</summary>
    public abstract ValueTask DiscardAsync();
}

/// <summary>An object written to the staging folder, uploaded with <see cref="IBackend.WriteAsync"/>.</summary>
/// <param name="fileName">The object's file name in the set's folder.</param>
/// <param name="path">The staged file, deleted once uploaded (the staging folder goes with a failed backup).</param>
/// <param name="sha256">Its lowercase hex SHA-256, computed as it was written.</param>
internal sealed class StagedObject(string fileName, string path, string sha256) : FinishedObject(fileName)
{
    public override async Task<StoredObject> StoreAsync(IBackend backend, SetName set, CancellationToken cancellationToken)
    {
        var stored = await ObjectTransfer.UploadAsync(backend, path, TargetLayout.ObjectName(set, FileName), FileName, sha256, cancellationToken).ConfigureAwait(false);
        File.Delete(path);
        return stored;
    }

    public override ValueTask DiscardAsync() => ValueTask.CompletedTask;
}

/// <summary>An object written into the target in place (<see cref="IBackend.OpenObjectWriter"/>), committed when stored.</summary>
/// <param name="fileName">The object's file name in the set's folder.</param>
/// <param name="writer">The object, written to its end.</param>
/// <param name="size">The bytes written.</param>
/// <param name="sha256">Their lowercase hex SHA-256, computed as they were written.</param>
internal sealed class PlacedObject(string fileName, IObjectWriter writer, long size, string sha256) : FinishedObject(fileName)
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
