using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>
/// Where a set's objects are written: its volumes, and the target's copies of its signatures and catalogue. Each is
/// hashed as it is written. When the target's backend writes objects in place (<see cref="IBackend.OpenObjectWriter"/>:
/// a folder on this machine), each goes straight into the target, where it stays: written once, where a staged object
/// is written and then copied. Otherwise it goes to the staging folder, to be uploaded; its hash is known by then, so
/// the upload does not read it back to hash it. Several objects may be open at once (a volume beside the signatures), and
/// closed from different threads.
/// </summary>
/// <param name="backend">The target.</param>
/// <param name="set">The set being written.</param>
/// <param name="staging">The backup's staging folder.</param>
internal sealed class SetObjectFiles(IBackend backend, SetName set, string staging) : IAsyncDisposable
{
    /// <summary>What a staged object's file buffers.</summary>
    private const int StagingBufferSize = 1 << 16;

    /// <summary>The objects being written, by the hashing stream the set writer writes to.</summary>
    private readonly Dictionary<Stream, OpenObject> _open = new(ReferenceEqualityComparer.Instance);

    /// <summary>Opens the object <paramref name="fileName"/> of the set (a name of <see cref="TargetLayout"/>) for writing.</summary>
    /// <exception cref="BackendException">The target could not start the object.</exception>
    public Stream Open(string fileName)
    {
        OpenObject opened;
        if (backend.OpenObjectWriter(TargetLayout.ObjectName(set, fileName)) is { } writer)
        {
            opened = new OpenObject(fileName, new HashingWriteStream(writer.Content), writer, null);
        }
        else
        {
            var file = new FileStream(StagedPath(fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, StagingBufferSize);
            opened = new OpenObject(fileName, new HashingWriteStream(file), null, file);
        }

        lock (_open)
        {
            _open.Add(opened.Content, opened);
        }

        return opened.Content;
    }

    /// <summary>Closes an object the set writer finished, and returns it to be stored.</summary>
    /// <param name="stream">The stream <see cref="Open"/> gave for it.</param>
    /// <exception cref="InvalidOperationException"><paramref name="stream"/> is not an open object's.</exception>
    public FinishedObject Close(Stream stream)
    {
        OpenObject? opened;
        lock (_open)
        {
            _open.TryGetValue(stream, out opened);
        }

        if (opened is null)
        {
            throw new InvalidOperationException("The stream is not one of an object being written.");
        }

        opened.Content.Flush(); // when this fails, the object is still open, for DisposeAsync to drop
        var (size, sha256) = (opened.Content.BytesWritten, Convert.ToHexStringLower(opened.Content.GetHash()));
        lock (_open)
        {
            _open.Remove(stream);
        }

        opened.Content.Dispose();
        opened.Staged?.Dispose();
        return opened.InPlace is { } writer
            ? new PlacedObject(opened.FileName, writer, size, sha256)
            : new StagedObject(opened.FileName, StagedPath(opened.FileName), sha256);
    }

    /// <summary>Drops the objects still open when the backup failed: nothing of them stays on the target.</summary>
    public async ValueTask DisposeAsync()
    {
        OpenObject[] left;
        lock (_open)
        {
            left = [.. _open.Values];
            _open.Clear();
        }

        foreach (var opened in left)
        {
            try
            {
                opened.Content.Dispose();
                opened.Staged?.Dispose(); // the staging folder goes with the failed backup
                if (opened.InPlace is { } writer)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // Dropping is all that is left to do, and it runs while the backup's own error, the one to
                // report, is on its way out: an error here (a plugin's writer that fails as it closes) must
                // neither replace it nor keep the other objects from being dropped. What such a writer
                // leaves behind is an unfinished upload, which `status` shows and `cleanup` removes.
            }
        }
    }

    private string StagedPath(string fileName) => Path.Combine(staging, fileName);

    /// <summary>An object being written: the hashing stream over the in-place writer or the staged file.</summary>
    private sealed record OpenObject(string FileName, HashingWriteStream Content, IObjectWriter? InPlace, FileStream? Staged);
}
