using System.Buffers;
using Cairn.Format.Entries;
using Cairn.Format.Primitives;

namespace Cairn.Format.Index;

/// <summary>
/// The one place an index record's body is read and written (format-spec/SPEC.md, "Index"):
/// <code>
/// entry id          varint
/// flags             1 byte: bit 0 continues from the previous volume, bit 1 continues in the next
/// frame sequence    varint
/// frame offset      varint
/// offset in frame   varint
/// end offset        varint
/// data offset       varint
/// data length       varint
/// data hash         32 bytes, present unless the entry continues in the next volume
/// metadata          the rest (entry metadata fields)
/// </code>
/// </summary>
internal static class IndexEntryLayout
{
    /// <summary>Flag bit 0: the entry continues from the previous volume.</summary>
    public const byte FromPrevious = 1;

    /// <summary>Flag bit 1: the entry continues in the next volume (and so has no data hash here).</summary>
    public const byte InNext = 2;

    public static void Write(IBufferWriter<byte> writer, IndexEntry entry)
    {
        var flags = (byte)((entry.ContinuesFromPreviousVolume ? FromPrevious : 0) | (entry.ContinuesInNextVolume ? InNext : 0));
        new Placement(entry.EntryId, flags, entry.FrameSequence, entry.FrameOffset, entry.OffsetInFrame, entry.EndOffset, entry.DataOffset, entry.DataLength)
            .Write(writer, entry.DataHash);
        EntryMetadataCodec.Write(writer, entry.Metadata);
    }

    /// <summary>
    /// Writes a record whose metadata is already encoded (by <see cref="EntryMetadataCodec.Write"/>), as a writer that
    /// spooled it has it: the bytes are copied, not decoded and encoded again.
    /// </summary>
    public static void Write(IBufferWriter<byte> writer, in Placement placement, ReadOnlySpan<byte> dataHash, ReadOnlySpan<byte> encodedMetadata)
    {
        placement.Write(writer, dataHash);
        writer.Write(encodedMetadata);
    }

    /// <summary>Parses an index record and checks its locations against the volume's frame area.</summary>
    public static IndexEntry Read(ReadOnlySpan<byte> body, long headerLength, long indexOffset, long dataFrameCount, int frameSize)
    {
        var reader = new ByteReader(body, "index record");
        var placement = ReadPlacement(ref reader, headerLength, indexOffset, dataFrameCount, frameSize);
        var hash = placement.HasHash ? reader.ReadBytes(32, "data hash").ToArray() : null;
        var metadata = EntryMetadataCodec.Read(ref reader);
        return new IndexEntry
        {
            EntryId = placement.Id,
            Metadata = metadata,
            ContinuesFromPreviousVolume = (placement.Flags & FromPrevious) != 0,
            ContinuesInNextVolume = !placement.HasHash,
            FrameSequence = placement.Sequence,
            FrameOffset = placement.FrameOffset,
            OffsetInFrame = placement.OffsetInFrame,
            EndOffset = placement.EndOffset,
            DataOffset = placement.DataOffset,
            DataLength = placement.DataLength,
            DataHash = hash,
        };
    }

    /// <summary>
    /// A record's entry id and path, read without decoding the entry: its locations are checked as <see cref="Read"/>
    /// checks them, but of its metadata only the fields up to the path are walked. A volume's index is loaded this way
    /// (<see cref="CompactIndex"/>), and the rest of a record is checked when the entry is decoded.
    /// </summary>
    public static long ReadKey(ReadOnlySpan<byte> body, long headerLength, long indexOffset, long dataFrameCount, int frameSize, out ReadOnlySpan<byte> path)
    {
        var reader = new ByteReader(body, "index record");
        var placement = ReadPlacement(ref reader, headerLength, indexOffset, dataFrameCount, frameSize);
        if (placement.HasHash)
        {
            reader.ReadBytes(32, "data hash");
        }

        path = EntryMetadataCodec.ReadPath(ref reader);
        return placement.Id;
    }

    private static Placement ReadPlacement(scoped ref ByteReader reader, long headerLength, long indexOffset, long dataFrameCount, int frameSize)
    {
        var id = reader.ReadVarLength("entry id", long.MaxValue);
        var flags = reader.ReadByte("flags");
        if ((flags & ~(FromPrevious | InNext)) != 0)
        {
            throw reader.Error("flags", $"reserved flag bits set (0x{flags:x2})");
        }

        var sequence = reader.ReadVarLength("frame sequence", Math.Max(0, dataFrameCount - 1));
        var frameOffset = reader.ReadVarLength("frame offset", indexOffset);
        var inFrame = (int)reader.ReadVarLength("offset in frame", frameSize - 1);
        var end = reader.ReadVarLength("end offset", indexOffset);
        if (frameOffset < headerLength || end <= frameOffset || dataFrameCount == 0)
        {
            throw reader.Error("frame offset", $"the range {frameOffset}..{end} is outside the data frames");
        }

        var dataOffset = reader.ReadVarLength("data offset", long.MaxValue);
        var dataLength = reader.ReadVarLength("data length", long.MaxValue - dataOffset);
        if ((flags & FromPrevious) == 0 && dataOffset != 0)
        {
            throw reader.Error("data offset", "must be 0 for an entry that starts in this volume");
        }

        return new Placement(id, flags, sequence, frameOffset, inFrame, end, dataOffset, dataLength);
    }

    /// <summary>The fields of a record up to its data hash: the entry's id, and where its data lies in the volume.</summary>
    internal readonly record struct Placement(long Id, byte Flags, long Sequence, long FrameOffset, int OffsetInFrame, long EndOffset, long DataOffset, long DataLength)
    {
        /// <summary>Whether a data hash follows: every entry has one, except one that continues in the next volume.</summary>
        public bool HasHash => (Flags & InNext) == 0;

        /// <summary>Writes these fields, then <paramref name="dataHash"/> when the record has one.</summary>
        /// <exception cref="InvalidOperationException">The record needs a data hash and <paramref name="dataHash"/> is not one.</exception>
        public void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> dataHash)
        {
            Varint.Write(writer, (ulong)Id);
            writer.Write([Flags]);
            Varint.Write(writer, (ulong)Sequence);
            Varint.Write(writer, (ulong)FrameOffset);
            Varint.Write(writer, (ulong)OffsetInFrame);
            Varint.Write(writer, (ulong)EndOffset);
            Varint.Write(writer, (ulong)DataOffset);
            Varint.Write(writer, (ulong)DataLength);
            if (HasHash)
            {
                if (dataHash.Length != 32)
                {
                    throw new InvalidOperationException($"Index record {Id} ends in this volume but has no 32-byte data hash.");
                }

                writer.Write(dataHash);
            }
        }
    }
}
