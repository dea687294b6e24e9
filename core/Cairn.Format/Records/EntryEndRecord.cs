using System.Buffers;
using Cairn.Format.Primitives;

namespace Cairn.Format.Records;

/// <summary>The body of an entry-end record: <c>entry id (varint) || data length (varint) || SHA-256 of the data (32)</c>.</summary>
internal readonly record struct EntryEndRecord(long EntryId, long DataLength, byte[] DataHash)
{
    public const int HashLength = 32;

    public void Write(IBufferWriter<byte> writer)
    {
        Varint.Write(writer, (ulong)EntryId);
        Varint.Write(writer, (ulong)DataLength);
        writer.Write(DataHash);
    }

    public static EntryEndRecord Read(ReadOnlySpan<byte> body, long offset)
    {
        var reader = new ByteReader(body, "entry-end record", offset);
        var id = reader.ReadVarLength("entry id", long.MaxValue);
        var length = reader.ReadVarLength("data length", long.MaxValue);
        var hash = reader.ReadBytes(HashLength, "data hash").ToArray();
        if (!reader.AtEnd)
        {
            throw reader.Error("end", $"{reader.Remaining} unexpected bytes");
        }

        return new EntryEndRecord(id, length, hash);
    }
}
