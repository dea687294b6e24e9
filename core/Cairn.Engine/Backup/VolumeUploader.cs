using System.Threading.Channels;
using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Backup;

/// <summary>
/// Stores finished volumes in the background while the next one is being written, so reading and
/// packing overlap with the network (or, for a volume written in place, with the disk's flush). At most
/// <see cref="QueueLength"/> finished volumes wait; when storing falls behind, <see cref="Enqueue"/> blocks and
/// the writer waits (back-pressure keeps staging space bounded). Each staged file is deleted once uploaded.
/// </summary>
internal sealed class VolumeUploader
{
    public const int QueueLength = 1;

    private readonly IBackend _backend;
    private readonly SetName _set;
    private readonly Channel<FinishedObject> _queue = Channel.CreateBounded<FinishedObject>(QueueLength);
    private readonly List<StoredObject> _uploaded = [];
    private readonly Task _worker;
    private readonly CancellationToken _cancellationToken;

    public VolumeUploader(IBackend backend, SetName set, CancellationToken cancellationToken)
    {
        _backend = backend;
        _set = set;
        _cancellationToken = cancellationToken;
        _worker = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Bytes uploaded so far.</summary>
    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    private long _bytesUploaded;

    /// <summary>Queues a finished volume (blocks while the queue is full).</summary>
    /// <exception cref="Exception">An earlier upload failed: its error is rethrown here.</exception>
    public void Enqueue(FinishedObject volume)
    {
        try
        {
            if (_worker.IsFaulted)
            {
                _worker.GetAwaiter().GetResult();
            }

            var write = _queue.Writer.WriteAsync(volume, _cancellationToken).AsTask();
            Task.WhenAny(write, _worker).GetAwaiter().GetResult();
            if (!write.IsCompleted)
            {
                _worker.GetAwaiter().GetResult(); // the worker stopped: surface why
            }

            write.GetAwaiter().GetResult();
        }
        catch
        {
            volume.DiscardAsync().AsTask().GetAwaiter().GetResult(); // never queued: nobody else drops it
            throw;
        }
    }

    /// <summary>Waits for every queued volume and returns them in volume order.</summary>
    public async Task<IReadOnlyList<StoredObject>> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        return [.. _uploaded.OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Stops accepting volumes after a failure, waits for the worker, ignoring its outcome, and drops the volumes it
    /// did not store.
    /// </summary>
    public async Task AbandonAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The backup already failed; the first error is the one reported.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            await left.DiscardAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var volume in _queue.Reader.ReadAllAsync(_cancellationToken).ConfigureAwait(false))
        {
            var stored = await volume.StoreAsync(_backend, _set, _cancellationToken).ConfigureAwait(false);

            lock (_uploaded)
            {
                _uploaded.Add(stored);
            }

            Interlocked.Add(ref _bytesUploaded, stored.Size);
        }
    }
}
