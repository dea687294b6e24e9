using System.Buffers;
using Cairn.Format.Entries;
using Cairn.Format.Primitives;

namespace Cairn.Format.Records;

/// <summary>
/// The body of an entry-start or entry-continue record:
/// <c>entry id (varint) || data offset (varint; 0 for a start) || metadata</c>.
/// </summary>
internal readonly record struct EntryStartRecord(long EntryId, long DataOffset, EntryMetadata Metadata)
{
    public void Write(IBufferWriter<byte> writer)
    {
        Varint.Write(writer, (ulong)EntryId);
        Varint.Write(writer, (ulong)DataOffset);
        EntryMetadataCodec.Write(writer, Metadata);
    }

    public static EntryStartRecord Read(ReadOnlySpan<byte> body, bool continuation, long offset)
    {
        var reader = new ByteReader(body, continuation ? "entry-continue record" : "entry-start record", offset);
        var id = reader.ReadVarLength("entry id", long.MaxValue);
        var dataOffset = reader.ReadVarLength("data offset", long.MaxValue);
        if (!continuation && dataOffset != 0)
        {
            throw reader.Error("data offset", "must be 0 in an entry-start record");
        }

        var metadata = EntryMetadataCodec.Read(ref reader);
        return new EntryStartRecord(id, dataOffset, metadata);
    }
}
