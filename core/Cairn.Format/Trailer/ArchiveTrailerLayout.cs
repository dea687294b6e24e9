using Cairn.Format.Primitives;

namespace Cairn.Format.Trailer;

/// <summary>
/// The one place the trailer's 144 bytes are read and written (format-spec/SPEC.md, "Trailer"):
/// <code>
/// offset size  field
/// 0      8     magic "CAIRNEND"
/// 8      2     version = 1
/// 10     2     flags: bit 0 last volume of the set; others zero
/// 12     4     volume number
/// 16     16    set id
/// 32     8     header length
/// 40     8     index offset
/// 48     8     index frame count
/// 56     8     frame count
/// 64     8     entry count
/// 72     8     reserved = 0
/// 80     32    header digest (SHA-256 of the header)
/// 112    32    trailer tag (HMAC-SHA256 with the trailer MAC key, or SHA-256 when not encrypted)
/// </code>
/// </summary>
internal static class ArchiveTrailerLayout
{
    public const int Length = 144;
    public const int TagOffset = 112;
    private const ushort LastVolumeFlag = 1;

    public static ReadOnlySpan<byte> Magic => "CAIRNEND"u8;

    public static void Write(ArchiveTrailer trailer, Span<byte> destination, Crypto.ArchiveKeys keys)
    {
        var span = destination[..Length];
        span.Clear();
        Magic.CopyTo(span);
        Bytes.WriteUInt16(span, 8, Header.ArchiveHeaderLayout.CurrentVersion);
        Bytes.WriteUInt16(span, 10, trailer.IsLastVolume ? LastVolumeFlag : (ushort)0);
        Bytes.WriteUInt32(span, 12, trailer.VolumeNumber);
        trailer.SetId.CopyTo(span[16..]);
        Bytes.WriteUInt64(span, 32, (ulong)trailer.HeaderLength);
        Bytes.WriteUInt64(span, 40, (ulong)trailer.IndexOffset);
        Bytes.WriteUInt64(span, 48, (ulong)trailer.IndexFrameCount);
        Bytes.WriteUInt64(span, 56, (ulong)trailer.FrameCount);
        Bytes.WriteUInt64(span, 64, (ulong)trailer.EntryCount);
        trailer.HeaderDigest.CopyTo(span[80..]);
        keys.ComputeTrailerTag(span[..TagOffset], span[TagOffset..]);
    }

    /// <summary>Parses a trailer found at <paramref name="offset"/> of a volume of <paramref name="volumeLength"/> bytes (or -1 when unknown) and checks its ranges; the tag is checked by <see cref="VerifyTag"/>.</summary>
    public static ArchiveTrailer Read(ReadOnlySpan<byte> source, long offset, long volumeLength)
    {
        var reader = new ByteReader(source[..Length], "trailer", offset);
        if (!reader.ReadBytes(8, "magic").SequenceEqual(Magic))
        {
            throw new ArchiveFormatException("trailer magic", offset, "missing: the volume is truncated, or is not a Cairn volume");
        }

        var version = reader.ReadUInt16("version");
        if (version != Header.ArchiveHeaderLayout.CurrentVersion)
        {
            throw reader.Error("version", $"format version {version} is not supported");
        }

        var flags = reader.ReadUInt16("flags");
        if ((flags & ~LastVolumeFlag) != 0)
        {
            throw reader.Error("flags", $"reserved flag bits set (0x{flags:x4})");
        }

        var volume = reader.ReadUInt32("volume number");
        var setId = reader.ReadBytes(16, "set id").ToArray();
        var headerLength = ReadCount(ref reader, "header length", Header.ArchiveHeaderLayout.MaxLength);
        var indexOffset = ReadCount(ref reader, "index offset", long.MaxValue);
        var indexFrames = ReadCount(ref reader, "index frame count", long.MaxValue);
        var frames = ReadCount(ref reader, "frame count", long.MaxValue);
        var entries = ReadCount(ref reader, "entry count", long.MaxValue);
        if (reader.ReadUInt64("reserved") != 0)
        {
            throw reader.Error("reserved", "must be zero");
        }

        var digest = reader.ReadBytes(32, "header digest").ToArray();
        var dataEnd = volumeLength >= 0 ? volumeLength - Length : long.MaxValue;
        if (headerLength < Header.ArchiveHeaderLayout.FixedLength || indexOffset < headerLength || indexOffset > dataEnd)
        {
            throw new ArchiveFormatException("trailer index offset", offset + 40, $"{indexOffset} is outside the volume's frames (header {headerLength} bytes, frames end at {dataEnd})");
        }

        // Every frame is at least a header and a tag or checksum: the counts cannot exceed what the bytes hold.
        var minimumFrame = Frames.FrameHeader.Length + Frames.FrameCodec.ChecksumLength;
        if (indexFrames < 1 || indexFrames > frames || (volumeLength >= 0 && frames > (dataEnd - headerLength) / minimumFrame))
        {
            throw new ArchiveFormatException("trailer frame count", offset + 48, $"{indexFrames} index frames of {frames} do not fit the volume");
        }

        return new ArchiveTrailer((flags & LastVolumeFlag) != 0, volume, setId, headerLength, indexOffset, indexFrames, frames, entries, digest);
    }

    /// <summary>Checks the trailer's tag.</summary>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">An encrypted volume's trailer does not authenticate.</exception>
    /// <exception cref="ArchiveFormatException">An unencrypted volume's trailer checksum does not match.</exception>
    public static void VerifyTag(ReadOnlySpan<byte> source, long offset, Crypto.ArchiveKeys keys, bool encrypted)
    {
        Span<byte> expected = stackalloc byte[32];
        keys.ComputeTrailerTag(source[..TagOffset], expected);
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, source.Slice(TagOffset, 32)))
        {
            if (encrypted)
            {
                throw new Contracts.Ciphers.AuthenticationFailedException($"The trailer at offset {offset} does not authenticate: the volume was altered, or its index swapped.");
            }

            throw new ArchiveFormatException("trailer tag", offset + TagOffset, "checksum mismatch: the trailer is damaged");
        }
    }

    private static long ReadCount(ref ByteReader reader, string field, long max)
    {
        var value = reader.ReadUInt64(field);
        if (value > (ulong)max || value > long.MaxValue)
        {
            throw reader.Error(field, $"{value} is out of range");
        }

        return (long)value;
    }
}
