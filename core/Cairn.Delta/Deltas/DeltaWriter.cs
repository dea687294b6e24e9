using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Cairn.Delta;

/// <summary>
/// Encodes delta commands into a pooled buffer and writes it to the output stream when full. Once a delta
/// has grown past <see cref="BackgroundThreshold"/> (a long run of literals, such as a file unlike its basis),
/// full buffers are written on a thread-pool thread while the next one fills, so the output's system calls
/// overlap the scan instead of stalling it; at most one write is in flight, and writes keep their order.
/// </summary>
internal sealed class DeltaWriter : IThreadPoolWorkItem, IDisposable
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Delta bytes written in line before writing moves to the background (small deltas never do).</summary>
    private const long BackgroundThreshold = 4 << 20;

    private static readonly bool CanOverlap = Environment.ProcessorCount > 1;

    private readonly Stream output;
    private readonly ManualResetEventSlim writeDone = new(initialState: true);
    private byte[] buffer;
    private int used;

    // The buffer being written in the background, its length, and how that write ended.
    private byte[]? inFlight;
    private int inFlightLength;
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

    /// <summary>Waits for a background write still in flight (its failure, if any, is the caller's to report).</summary>
    public void Dispose()
    {
        writeDone.Wait();
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

        writeDone.Dispose();
    }

    /// <summary>Writes the in-flight buffer (on a thread-pool thread).</summary>
    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            output.Write(inFlight!, 0, inFlightLength);
        }
        catch (Exception ex)
        {
            writeFailure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            writeDone.Set();
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
            inFlight = buffer;
            inFlightLength = used;
            buffer = next;
            writeDone.Reset();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        BytesWritten += used;
        used = 0;
    }

    /// <summary>Waits until no write is in flight; rethrows the failure of the last one.</summary>
    private void WaitForWrite()
    {
        writeDone.Wait();
        if (writeFailure is not null)
        {
            var failure = writeFailure;
            writeFailure = null;
            failure.Throw();
        }
    }
}
