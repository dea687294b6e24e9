using Cairn.Format.Frames;
using Cairn.Format.Records;
using Cairn.Format.Primitives;

namespace Cairn.Format.Reading;

/// <summary>
/// The plaintext of consecutive frames of one kind as a byte stream, cut into records
/// (<see cref="RecordHeader"/>). It ends where a frame of another kind begins, after the final
/// frame, or at the end of the range.
/// </summary>
internal sealed class RecordStream(FrameReader frames, FrameKind kind)
{
    private byte[] _current = [];
    private int _position;
    private int _length;

    /// <summary>True once a frame of another kind (or none) follows the consumed frames.</summary>
    public bool AtEnd => !TryFill();

    /// <summary>Where the current position is, for error messages.</summary>
    public string Where => $"frame {frames.NextSequence - 1}, plaintext offset {_position}";

    /// <summary>Skips <paramref name="count"/> bytes of the first frame (an index record's offset in frame).</summary>
    public void SkipInFirstFrame(int count)
    {
        if (!TryFill() || count > _length)
        {
            throw new ArchiveFormatException($"The index points at offset {count} of a frame of {_length} bytes.");
        }

        _position = count;
    }

    /// <summary>Reads the next record's kind and body length; false at the end of the stream.</summary>
    public bool TryReadRecordHeader(out byte recordKind, out int length)
    {
        length = 0;
        recordKind = 0;
        if (!TryFill())
        {
            return false;
        }

        recordKind = ReadByte();
        Span<byte> varint = stackalloc byte[Varint.MaxLength];
        var count = 0;
        do
        {
            varint[count] = ReadByte();
        }
        while (varint[count++] >= 0x80 && count < Varint.MaxLength);
        if (Varint.TryRead(varint[..count], out var value) <= 0 || value > RecordHeader.MaxBodyLength)
        {
            throw new ArchiveFormatException($"Record header at {Where}: body length is malformed or exceeds {RecordHeader.MaxBodyLength}.");
        }

        length = (int)value;
        return true;
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length, across frames.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var read = Read(destination);
            if (read == 0)
            {
                throw new ArchiveFormatException($"A record runs past the end of the {kind.ToString().ToLowerInvariant()} frames (at {Where}).");
            }

            destination = destination[read..];
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length from the current frame; 0 at the end of the stream.</summary>
    public int Read(Span<byte> destination)
    {
        if (!TryFill())
        {
            return 0;
        }

        var count = Math.Min(destination.Length, _length - _position);
        _current.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    public void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            var read = Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (read == 0)
            {
                throw new ArchiveFormatException($"A record runs past the end of the {kind.ToString().ToLowerInvariant()} frames (at {Where}).");
            }

            count -= read;
        }
    }

    private byte ReadByte()
    {
        if (!TryFill())
        {
            throw new ArchiveFormatException($"A record header runs past the end of the {kind.ToString().ToLowerInvariant()} frames (at {Where}).");
        }

        return _current[_position++];
    }

    private bool TryFill()
    {
        while (_position == _length)
        {
            var header = frames.PeekHeader();
            if (header is null || header.Value.Kind != kind)
            {
                return false;
            }

            // The frame reader's buffer stays valid until the next decode, which happens only once it is used up.
            var plaintext = frames.Decode();
            _current = frames.PlaintextBuffer;
            _position = 0;
            _length = plaintext.Length;
        }

        return true;
    }
}
