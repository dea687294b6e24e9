using System.Buffers;
using System.Buffers.Binary;
using Cairn.Format.Entries;
using Cairn.Format.Index;
using Cairn.Format.Primitives;

namespace Cairn.Format.Writing;

/// <summary>
/// The index records of a volume being written, kept until the frames' offsets are known: encoded
/// compactly as they come (about a hundred bytes an entry instead of a few hundred in objects), in a
/// temporary file when <see cref="ArchiveWriterOptions.IndexSpoolDirectory"/> names a folder, so that a
/// volume of a million small entries does not hold a million objects in memory.
/// </summary>
internal sealed class IndexSpool : IDisposable
{
    // The index's own flag bits, and one of the spool's: whether a data hash follows.
    private const byte FromPrevious = IndexEntryLayout.FromPrevious;
    private const byte InNext = IndexEntryLayout.InNext;
    private const byte HasHash = 4;

    private readonly Stream _store;
    private readonly ArrayBufferWriter<byte> _record = new(256);

    public IndexSpool(string? directory)
    {
        _store = directory is null
            ? new MemoryStream()
            : new FileStream(Path.Combine(directory, $"index-{Guid.NewGuid():N}.spool"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Index records spooled.</summary>
    public long Count { get; private set; }

    /// <summary>Appends one record: a 4-byte length, the location fields, the metadata.</summary>
    public void Add(IndexPiece piece)
    {
        _record.ResetWrittenCount();
        Varint.Write(_record, (ulong)piece.EntryId);
        _record.Write([(byte)((piece.ContinuesFromPrevious ? FromPrevious : 0) | (piece.ContinuesInNext ? InNext : 0) | (piece.DataHash is null ? 0 : HasHash))]);
        Varint.Write(_record, (ulong)piece.StartSequence);
        Varint.Write(_record, (ulong)piece.OffsetInFrame);
        Varint.Write(_record, (ulong)piece.EndSequence);
        Varint.Write(_record, (ulong)piece.DataOffset);
        Varint.Write(_record, (ulong)piece.DataLength);
        if (piece.DataHash is not null)
        {
            _record.Write(piece.DataHash);
        }

        EntryMetadataCodec.Write(_record, piece.Metadata);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, _record.WrittenCount);
        _store.Write(length);
        _store.Write(_record.WrittenSpan);
        Count++;
    }

    /// <summary>
    /// Reads the records back in order and hands each to <paramref name="write"/> as the index record it becomes, located
    /// with <paramref name="locate"/>. The metadata was encoded as the index encodes it, so it is copied as it is: decoding
    /// it into objects and encoding it again took 2.5-4 us an entry, most of a volume's finish.
    /// </summary>
    /// <param name="locate">Maps (start sequence, end sequence) to (frame offset, end offset).</param>
    /// <param name="write">Takes one index record; the span is reused for the next.</param>
    public void Replay(Func<long, long, (long FrameOffset, long EndOffset)> locate, Action<ReadOnlySpan<byte>> write)
    {
        _store.Flush();
        _store.Position = 0;
        var input = new BufferedStream(_store, 1 << 16);
        var length = new byte[4];
        var body = new byte[256];
        for (long i = 0; i < Count; i++)
        {
            input.ReadExactly(length);
            var size = BinaryPrimitives.ReadInt32LittleEndian(length);
            if (body.Length < size)
            {
                body = new byte[size];
            }

            input.ReadExactly(body, 0, size);
            _record.ResetWrittenCount();
            Encode(body.AsSpan(0, size), locate, _record);
            write(_record.WrittenSpan);
        }
    }

    public void Dispose() => _store.Dispose();

    private static void Encode(ReadOnlySpan<byte> spooled, Func<long, long, (long FrameOffset, long EndOffset)> locate, IBufferWriter<byte> record)
    {
        var reader = new ByteReader(spooled, "spooled index record");
        var id = (long)reader.ReadVarUInt("entry id");
        var flags = reader.ReadByte("flags");
        var start = (long)reader.ReadVarUInt("start");
        var inFrame = (int)reader.ReadVarUInt("offset in frame");
        var end = (long)reader.ReadVarUInt("end");
        var dataOffset = (long)reader.ReadVarUInt("data offset");
        var dataLength = (long)reader.ReadVarUInt("data length");
        var hash = (flags & HasHash) != 0 ? reader.ReadBytes(32, "hash") : default;
        var (frameOffset, endOffset) = locate(start, end);
        var placement = new IndexEntryLayout.Placement(id, (byte)(flags & (FromPrevious | InNext)), start, frameOffset, inFrame, endOffset, dataOffset, dataLength);
        IndexEntryLayout.Write(record, placement, hash, reader.Rest);
    }
}
