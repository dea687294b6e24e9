using System.Buffers.Binary;

namespace Cairn.Format.Primitives;

/// <summary>Little-endian fixed-width writes, the counterpart of <see cref="ByteReader"/>'s fixed reads.</summary>
internal static class Bytes
{
    public static void WriteUInt16(Span<byte> destination, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], value);

    public static void WriteUInt32(Span<byte> destination, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], value);

    public static void WriteUInt64(Span<byte> destination, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(destination[offset..], value);
}
