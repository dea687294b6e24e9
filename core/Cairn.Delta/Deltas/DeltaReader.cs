using System.Buffers;

namespace Cairn.Delta;

/// <summary>Buffered sequential reader of a delta stream that knows its offset and reports truncation as a format error.</summary>
internal sealed class DeltaReader : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly Stream stream;
    private byte[] buffer;
    private int position;
    private int available;
    private long consumedBeforeBuffer;

    public DeltaReader(Stream stream)
    {
        this.stream = stream;
        buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Offset in the delta of the next byte to read.</summary>
    public long Offset => consumedBeforeBuffer + position;

    public byte ReadByte(long commandOffset)
    {
        if (position == available && !Fill())
        {
            throw new DeltaFormatException($"Delta is truncated: it ends at offset {commandOffset} without an END command.");
        }

        return buffer[position++];
    }

    public void ReadExactly(Span<byte> destination, string what)
    {
        while (!destination.IsEmpty)
        {
            if (position == available && !Fill())
            {
                throw new DeltaFormatException($"Delta is truncated at offset {Offset}: it ends inside {what}.");
            }

            var take = Math.Min(destination.Length, available - position);
            buffer.AsSpan(position, take).CopyTo(destination);
            position += take;
            destination = destination[take..];
        }
    }

    public void CopyTo(Stream output, long length, string what)
    {
        while (length > 0)
        {
            if (position == available && !Fill())
            {
                throw new DeltaFormatException($"Delta is truncated at offset {Offset}: it ends inside the {what}.");
            }

            var take = (int)Math.Min(length, available - position);
            output.Write(buffer, position, take);
            position += take;
            length -= take;
        }
    }

    public void Dispose()
    {
        if (buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private bool Fill()
    {
        consumedBeforeBuffer += available;
        position = 0;
        available = stream.Read(buffer, 0, buffer.Length);
        return available > 0;
    }
}
