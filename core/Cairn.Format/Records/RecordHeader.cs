using Cairn.Format.Primitives;

namespace Cairn.Format.Records;

/// <summary>
/// Every record is <c>kind (1 byte) || body length (varint) || body</c>. Records run on across frame
/// boundaries; they never cross a volume boundary.
/// </summary>
internal static class RecordHeader
{
    public const int MaxLength = 1 + Varint.MaxLength;

    /// <summary>The largest body any record may declare: bounds what a reader allocates.</summary>
    public const int MaxBodyLength = 16 << 20;

    public static bool IsAncillary(byte kind) => kind >= 0x80;

    public static bool IsKnown(byte kind) => kind is (byte)RecordKind.EntryStart or (byte)RecordKind.EntryData or (byte)RecordKind.EntryEnd or (byte)RecordKind.EntryContinue or (byte)RecordKind.IndexEntry;

    public static int Write(Span<byte> destination, RecordKind kind, int bodyLength)
    {
        destination[0] = (byte)kind;
        return 1 + Varint.Write(destination[1..], (ulong)bodyLength);
    }
}
