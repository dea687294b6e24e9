using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Cairn.Delta;

/// <summary>
/// Encodes delta commands into a pooled buffer and writes it to the output stream when full. Once a delta
/// has grown past <see cref="BackgroundThreshold"/> (a long run of literals, such as a file unlike its basis),
/// full buffers are written on a writer thread while the next one fills, so the output's system calls
/// overlap the scan instead of stalling it; at most one write is in flight, and writes keep their order.
/// The writer is a thread of its own that sleeps between writes (a thread-pool thread spun after each write,
/// taking CPU from the scan on a two-core machine).
/// </summary>
internal sealed class DeltaWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Delta bytes written in line before writing moves to the background (small deltas never do).</summary>
    private const long BackgroundThreshold = 4 << 20;

    private static readonly bool CanOverlap = Environment.ProcessorCount > 1;

    private readonly Stream output;

    // Shared with the writer thread under this lock: the buffer being written, its length, whether that
    // write has yet to finish, whether the writer should end, and how the last write ended.
    private readonly object gate = new();
    private byte[] buffer;
    private int used;
    private Thread? writer;
    private byte[]? inFlight;
    private int inFlightLength;
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
        WaitForWrite();
        output.Flush();
    }

    /// <summary>
    /// Waits for a write still in flight (its failure, if any, is the caller's to report), ends the writer
    /// thread and returns the buffers.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            while (writing)
            {
                Monitor.Wait(gate);
            }

            stopping = true;
            Monitor.PulseAll(gate);
        }

        if (inFlight is not null)
        {
            ArrayPool<byte>.Shared.Return(inFlight);
            inFlight = null;
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
            // Hand the full buffer over and fill the one the previous write has finished with.
            WaitForWrite();
            var next = inFlight ?? ArrayPool<byte>.Shared.Rent(BufferSize);
            lock (gate)
            {
                inFlight = buffer;
                inFlightLength = used;
                writing = true;
                Monitor.PulseAll(gate);
            }

            buffer = next;
            if (writer is null)
            {
                writer = new Thread(WriteLoop) { IsBackground = true, Name = "Cairn delta writer" };
                writer.Start();
            }
        }

        BytesWritten += used;
        used = 0;
    }

    /// <summary>Waits until no write is in flight; rethrows the failure of the last one.</summary>
    private void WaitForWrite()
    {
        ExceptionDispatchInfo? failure;
        lock (gate)
        {
            while (writing)
            {
                Monitor.Wait(gate);
            }

            failure = writeFailure;
            writeFailure = null;
        }

        failure?.Throw();
    }

    /// <summary>The writer thread: writes each buffer handed over, in order, until the writer is disposed.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            byte[] data;
            int length;
            lock (gate)
            {
                while (!writing)
                {
                    if (stopping)
                    {
                        return;
                    }

                    Monitor.Wait(gate);
                }

                data = inFlight!;
                length = inFlightLength;
            }

            ExceptionDispatchInfo? failure = null;
            try
            {
                output.Write(data, 0, length);
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            lock (gate)
            {
                writeFailure = failure;
                writing = false;
                Monitor.PulseAll(gate);
            }
        }
    }
}
