using Cairn.Format.Primitives;

namespace Cairn.Format.Frames;

/// <summary>
/// The one place a frame header's 32 bytes are read and written (format-spec/SPEC.md, "Frames"):
/// <code>
/// offset size  field
/// 0      4     magic "CFRM"
/// 4      1     kind (1 data, 2 index; 0x80-0xFF ancillary)
/// 5      1     flags: bit 0 final frame of the volume, bit 1 stored (not compressed); others zero
/// 6      2     reserved = 0
/// 8      8     sequence number (0, 1, 2... within the volume)
/// 16     8     plaintext length (at most the header's frame size)
/// 24     8     payload length (stored bytes + 16-byte AEAD tag, or + 8-byte XXH3 checksum)
/// </code>
/// All of it is associated data of the frame's AEAD (or covered by its checksum).
/// </summary>
internal readonly record struct FrameHeader(byte RawKind, bool IsFinal, bool IsStored, long Sequence, int PlaintextLength, long PayloadLength)
{
    public const int Length = 32;
    private const byte FinalFlag = 1;
    private const byte StoredFlag = 2;

    public static ReadOnlySpan<byte> Magic => "CFRM"u8;

    public FrameKind Kind => (FrameKind)RawKind;

    public bool IsAncillary => RawKind >= 0x80;

    public void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[4] = RawKind;
        destination[5] = (byte)((IsFinal ? FinalFlag : 0) | (IsStored ? StoredFlag : 0));
        Bytes.WriteUInt16(destination, 6, 0);
        Bytes.WriteUInt64(destination, 8, (ulong)Sequence);
        Bytes.WriteUInt64(destination, 16, (ulong)PlaintextLength);
        Bytes.WriteUInt64(destination, 24, (ulong)PayloadLength);
    }

    /// <summary>Parses and validates a frame header against the volume's frame size and payload overhead.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source, long offset, int frameSize, int overhead)
    {
        var reader = new ByteReader(source[..Length], "frame header", offset);
        if (!reader.ReadBytes(4, "magic").SequenceEqual(Magic))
        {
            throw new ArchiveFormatException("frame header magic", offset, "not a frame (truncated, or damaged)");
        }

        var kind = reader.ReadByte("kind");
        if (kind is not ((byte)FrameKind.Data or (byte)FrameKind.Index) && kind < 0x80)
        {
            throw new ArchiveFormatException("frame header kind", offset + 4, $"unknown mandatory frame kind {kind}");
        }

        var flags = reader.ReadByte("flags");
        if ((flags & ~(FinalFlag | StoredFlag)) != 0)
        {
            throw new ArchiveFormatException("frame header flags", offset + 5, $"reserved flag bits set (0x{flags:x2})");
        }

        if (reader.ReadUInt16("reserved") != 0)
        {
            throw new ArchiveFormatException("frame header reserved", offset + 6, "must be zero");
        }

        var sequence = reader.ReadUInt64("sequence");
        var plaintext = reader.ReadUInt64("plaintext length");
        var payload = reader.ReadUInt64("payload length");
        if (sequence > long.MaxValue)
        {
            throw new ArchiveFormatException("frame header sequence", offset + 8, $"{sequence} is out of range");
        }

        if (plaintext > (ulong)frameSize)
        {
            throw new ArchiveFormatException("frame header plaintext length", offset + 16, $"{plaintext} exceeds the frame size {frameSize}");
        }

        var stored = (flags & StoredFlag) != 0;
        // A stored payload is exactly the plaintext; a compressed one is strictly smaller (else the
        // writer stores it), which bounds every allocation by the frame size.
        var valid = stored ? payload == plaintext + (ulong)overhead : payload >= (ulong)overhead && payload < plaintext + (ulong)overhead;
        if (!valid)
        {
            throw new ArchiveFormatException("frame header payload length", offset + 24, $"{payload} does not fit a {(stored ? "stored" : "compressed")} frame of {plaintext} bytes");
        }

        return new FrameHeader(kind, (flags & FinalFlag) != 0, stored, (long)sequence, (int)plaintext, (long)payload);
    }

    public FrameInfo ToInfo(long offset) => new(offset, Sequence, Kind, IsFinal, IsStored, PlaintextLength, PayloadLength);
}
