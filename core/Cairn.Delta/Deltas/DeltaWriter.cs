using System.Buffers;

namespace Cairn.Delta;

/// <summary>Encodes delta commands into a pooled buffer and writes it to the output stream when full.</summary>
internal sealed class DeltaWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly Stream output;
    private byte[] buffer;
    private int used;

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
        if (data.Length > buffer.Length - used)
        {
            Drain();
            output.Write(data);
            BytesWritten += data.Length;
            return;
        }

        data.CopyTo(buffer.AsSpan(used));
        used += data.Length;
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
        output.Flush();
    }

    public void Dispose()
    {
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
        output.Write(buffer, 0, used);
        BytesWritten += used;
        used = 0;
    }
}
