using System.Buffers;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Concurrency;
using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// The reading half of a backup, on its own thread: merge-joins the sorted scan with the parent set's
/// catalogue and, for small files whose content must be stored, opens and reads them and computes their
/// digest, so that the writing half (compressing, encrypting and recording, on the caller's thread) never
/// waits on the many small opens and reads of a tree of small files. A bounded queue keeps it at most
/// <see cref="QueueLength"/> entries (and so a few megabytes) ahead.
/// </summary>
internal sealed class EntryPlanner : IDisposable
{
    /// <summary>
    /// Files up to this size are read ahead whole; larger ones are streamed by the writer. Small enough that
    /// the rented buffers the shared pool keeps afterwards stay a few megabytes (at 256 KiB they added ~50 MB
    /// to the peak RSS of a backup of the bench corpus).
    /// </summary>
    public const int PrefetchLimit = 64 << 10;

    private const int QueueLength = 64;

    private readonly HandOffQueue<PlannedEntry> _queue = new(QueueLength);
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private Exception? _failure;

    /// <param name="scan">The scanned objects, in path order (enumerated on the planner's thread).</param>
    /// <param name="previous">The parent set's catalogue, in path order (read on the planner's thread), or <see langword="null"/>.</param>
    /// <param name="needsContent">Whether a scanned file's content must be stored, given its previous record.</param>
    /// <param name="cancellationToken">Stops the planner.</param>
    public EntryPlanner(IEnumerable<ScannedEntry> scan, CatalogueReader? previous, Func<ScannedEntry, CatalogueRecord?, bool> needsContent, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _thread = new Thread(() => Run(scan, previous, needsContent)) { IsBackground = true, Name = "cairn-planner" };
        _thread.Start();
    }

    /// <summary>The planned entries, in path order, as the planner produces them.</summary>
    /// <exception cref="OperationCanceledException">The backup was cancelled.</exception>
    /// <exception cref="Exception">Whatever stopped the planner (scan or catalogue errors), rethrown here.</exception>
    public IEnumerable<PlannedEntry> Entries()
    {
        foreach (var entry in _queue.Consume())
        {
            yield return entry;
        }

        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        // A planner stopped by cancellation ends its queue early: that must not read as the end of the tree.
        _stop.Token.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        _stop.Cancel();
        while (_queue.TryTake(out var left))
        {
            left.Content?.Dispose();
        }

        _thread.Join();
        while (_queue.TryTake(out var left))
        {
            left.Content?.Dispose();
        }

        _stop.Dispose();
    }

    private void Run(IEnumerable<ScannedEntry> scan, CatalogueReader? previous, Func<ScannedEntry, CatalogueRecord?, bool> needsContent)
    {
        try
        {
            CatalogueRecord? old = null;
            void Next() => old = previous is not null && previous.TryRead(out var record) ? record : null;
            Next();
            foreach (var entry in scan)
            {
                var path = entry.Metadata.Path;
                while (old is not null && PathOrder.Compare(old.Metadata.Path, path) < 0)
                {
                    Add(new PlannedEntry(null, old, null));
                    Next();
                }

                CatalogueRecord? same = null;
                if (old is not null && PathOrder.Compare(old.Metadata.Path, path) == 0)
                {
                    same = old;
                    Next();
                }

                var content = entry.Metadata.Type == EntryType.File && entry.Metadata.Size <= PrefetchLimit && needsContent(entry, same)
                    ? Prefetch(entry)
                    : null;
                Add(new PlannedEntry(entry, same, content));
            }

            while (old is not null)
            {
                Add(new PlannedEntry(null, old, null));
                Next();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed, or the backup was cancelled: the writer stops on its own token.
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private void Add(PlannedEntry entry)
    {
        try
        {
            _queue.Add(entry, _stop.Token);
        }
        catch
        {
            entry.Content?.Dispose();
            throw;
        }
    }

    /// <summary>Reads a small file whole (a file that grew is read to its end) and digests it.</summary>
    private static PrefetchedContent Prefetch(ScannedEntry entry)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(entry.Metadata.Size + 1, 4096));
        var length = 0;
        try
        {
            using (var content = entry.OpenContent())
            {
                int n;
                while ((n = content.Read(buffer, length, buffer.Length - length)) > 0)
                {
                    length += n;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return PrefetchedContent.Failed(length == 0 ? $"not backed up ({ex.Message})" : $"not backed up, reading failed ({ex.Message})");
        }

        return PrefetchedContent.Read(buffer, length, ContentDigest.OfWhole(buffer.AsSpan(0, length), entry.Metadata.Size));
    }
}
