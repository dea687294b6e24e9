using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Cairn.Delta;

/// <summary>
/// Encodes delta commands into a pooled buffer and writes it to the output stream when full. Once a delta
/// has grown past <see cref="BackgroundThreshold"/> (a long run of literals, such as a file unlike its basis),
/// full buffers are queued for a writer thread and the scan goes on with an empty one, so the output's system
/// calls overlap the scan instead of stalling it. The queue holds up to <see cref="MaxQueued"/> buffers: the
/// scan emits a whole buffer's worth of literals in a burst after each stretch, and with one write in flight
/// it waited for the writer several times per burst. Writes keep their order; after a failed write nothing
/// more is written and the failure is rethrown to the caller. The writer is a thread of its own that sleeps
/// between writes (a thread-pool thread spun after each write, taking CPU from the scan on two cores).
/// </summary>
internal sealed class DeltaWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Full buffers waiting for the writer at most (with the one being filled, 1.25 MiB).</summary>
    private const int MaxQueued = 4;

    /// <summary>Delta bytes written in line before writing moves to the background (small deltas never do).</summary>
    private const long BackgroundThreshold = 4 << 20;

    private static readonly bool CanOverlap = Environment.ProcessorCount > 1;

    private readonly Stream output;

    // Shared with the writer thread under this lock: full buffers in order (and their lengths), emptied buffers
    // ready for reuse, whether the writer is writing one, whether it should end, and the first write failure.
    private readonly object gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> queued = new();
    private readonly Stack<byte[]> emptied = new();
    private byte[] buffer;
    private int used;
    private Thread? writer;
    private bool writing;
    private bool stopping;
    private ExceptionDispatchInfo? writeFailure;

    public DeltaWriter(Stream output)
    {
        this.output = output;
        buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        used = DeltaCommands.WriteHeader(buffer);
    }

    /// <summary>Bytes of delta produced so far.</summary>
    public long BytesWritten { get; private set; }

    public void Literal(ReadOnlySpan<byte> data)
    {
        Reserve(DeltaCommands.MaxCommandLength);
        used += DeltaCommands.WriteLiteral(buffer.AsSpan(used), data.Length);
        while (!data.IsEmpty)
        {
            if (used == buffer.Length)
            {
                Drain();
            }

            var take = Math.Min(data.Length, buffer.Length - used);
            data[..take].CopyTo(buffer.AsSpan(used));
            used += take;
            data = data[take..];
        }
    }

    public void Copy(long position, long length)
    {
        Reserve(DeltaCommands.MaxCommandLength);
        used += DeltaCommands.WriteCopy(buffer.AsSpan(used), position, length);
    }

    public void End()
    {
        Reserve(1);
        buffer[used++] = DeltaCommands.End;
        Drain();
        WaitForWrites(0);
        output.Flush();
    }

    /// <summary>
    /// Waits for the queued writes (a failure among them is the caller's to report: the delta was abandoned or
    /// has already failed), ends the writer thread and returns the buffers.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            while (writing || (queued.Count > 0 && writeFailure is null))
            {
                Monitor.Wait(gate);
            }

            stopping = true;
            Monitor.PulseAll(gate);
            while (queued.Count > 0)
            {
                emptied.Push(queued.Dequeue().Buffer);
            }
        }

        while (emptied.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(emptied.Pop());
        }

        if (buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private void Reserve(int length)
    {
        if (buffer.Length - used < length)
        {
            Drain();
        }
    }

    private void Drain()
    {
        if (!CanOverlap || BytesWritten < BackgroundThreshold)
        {
            output.Write(buffer, 0, used);
        }
        else
        {
            // Queue the full buffer (waiting while the queue is full) and go on with an emptied one.
            WaitForWrites(MaxQueued - 1);
            byte[]? next;
            lock (gate)
            {
                queued.Enqueue((buffer, used));
                emptied.TryPop(out next);
                Monitor.PulseAll(gate);
            }

            buffer = next ?? ArrayPool<byte>.Shared.Rent(BufferSize);
            if (writer is null)
            {
                writer = new Thread(WriteLoop) { IsBackground = true, Name = "Cairn delta writer" };
                writer.Start();
            }
        }

        BytesWritten += used;
        used = 0;
    }

    /// <summary>Waits until at most <paramref name="backlog"/> buffers wait to be written; rethrows a write failure.</summary>
    private void WaitForWrites(int backlog)
    {
        ExceptionDispatchInfo? failure;
        lock (gate)
        {
            while (writeFailure is null && (queued.Count > backlog || (backlog == 0 && writing)))
            {
                Monitor.Wait(gate);
            }

            failure = writeFailure;
        }

        failure?.Throw();
    }

    /// <summary>The writer thread: writes the queued buffers in order until the writer is disposed or a write fails.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            (byte[] Buffer, int Length) next;
            lock (gate)
            {
                while (queued.Count == 0 || writeFailure is not null)
                {
                    if (stopping)
                    {
                        return;
                    }

                    Monitor.Wait(gate);
                }

                next = queued.Dequeue();
                writing = true;
            }

            ExceptionDispatchInfo? failure = null;
            try
            {
                output.Write(next.Buffer, 0, next.Length);
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            lock (gate)
            {
                writeFailure ??= failure;
                writing = false;
                emptied.Push(next.Buffer);
                Monitor.PulseAll(gate);
            }
        }
    }
}
