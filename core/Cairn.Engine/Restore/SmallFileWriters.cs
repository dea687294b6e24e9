using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Restore;

/// <summary>
/// Creates small restored files on worker threads while the restore's thread decodes the next ones. A
/// restore of many small files spends most of its time in the kernel creating them (on ext4 that is an
/// inode search that grows with recently deleted files), and that work runs faster on several cores. The
/// restore thread still checks each file's content against its SHA-256 and resolves its directory (in
/// path order, <see cref="RestoreTarget.PrepareFile"/>); a worker creates, writes, finishes and puts it in place.
/// </summary>
/// <remarks>
/// Memory is bounded by <see cref="Capacity"/> files of at most <see cref="MaxFileSize"/> bytes. The first
/// failure of a worker is rethrown by the next <see cref="Add"/> or <see cref="Drain"/>; files queued after
/// it are not written. Call <see cref="Drain"/> before anything that needs the files in place (a hard
/// link to one of them, the directories' metadata).
/// </remarks>
internal sealed class SmallFileWriters : IDisposable
{
    /// <summary>The largest file handed to the workers; larger ones are streamed by the restore thread.</summary>
    public const int MaxFileSize = 256 << 10;

    /// <summary>How many files may wait for a worker.</summary>
    public const int Capacity = 32;

    private readonly BlockingCollection<(PendingFile File, byte[] Content, int Length)> _queue = new(Capacity);
    private readonly Thread[] _workers;
    private readonly object _gate = new(); // Monitor: Drain waits on it
    private int _pending;
    private ExceptionDispatchInfo? _failure;

    public SmallFileWriters(int workers)
    {
        _workers = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"cairn-writer-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>Whether the file of <paramref name="record"/> goes to the workers: small, whole, not sparse.</summary>
    public static bool Takes(CatalogueRecord record) =>
        record.Data.Count <= 1 && record.Metadata.Size <= MaxFileSize && record.Metadata.SparseMap is null;

    /// <summary>
    /// Queues <paramref name="file"/> with the first <paramref name="length"/> bytes of
    /// <paramref name="content"/>, rented from <see cref="ArrayPool{T}.Shared"/>: both belong to the
    /// writers from here on. Blocks while <see cref="Capacity"/> files wait.
    /// </summary>
    public void Add(PendingFile file, byte[] content, int length)
    {
        var queued = false;
        try
        {
            _failure?.Throw();
            lock (_gate)
            {
                _pending++;
            }

            queued = true;
            _queue.Add((file, content, length));
        }
        catch
        {
            if (queued)
            {
                lock (_gate)
                {
                    _pending--;
                }
            }

            file.Dispose();
            ArrayPool<byte>.Shared.Return(content);
            throw;
        }
    }

    /// <summary>Waits until every queued file is in place; rethrows the first failure.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            while (_pending > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        _failure?.Throw();
    }

    /// <summary>Stops the workers after the files already queued (without rethrowing their failures).</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _queue.Dispose();
    }

    private void Work()
    {
        foreach (var (file, content, length) in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null)
                {
                    using var stream = file.Open();
                    stream.Write(content, 0, length);
                    stream.Commit(); // a short write (a full disk) never replaces what has the name
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            }
            finally
            {
                file.Dispose();
                ArrayPool<byte>.Shared.Return(content);
                lock (_gate)
                {
                    if (--_pending == 0)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
    }
}
