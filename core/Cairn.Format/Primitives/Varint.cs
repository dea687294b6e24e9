using System.Buffers;

namespace Cairn.Format.Primitives;

/// <summary>
/// Unsigned LEB128 varints (7 bits per byte, low group first, at most 10 bytes) and zigzag for signed
/// values. Decoding is canonical-only: an overlong encoding is rejected, so one value has one encoding.
/// </summary>
internal static class Varint
{
    public const int MaxLength = 10;

    public static int Length(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(MaxLength);
        writer.Advance(Write(span, value));
    }

    public static void WriteSigned(IBufferWriter<byte> writer, long value) => Write(writer, ZigZag(value));

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Decodes one varint; returns the bytes consumed, 0 when <paramref name="source"/> ends first, -1 when malformed.</summary>
    public static int TryRead(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            var b = source[i];
            if (i == MaxLength - 1 && b > 1)
            {
                return -1; // more than 64 bits
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return b == 0 && i > 0 ? -1 : i + 1; // a trailing zero group is an overlong encoding
            }
        }

        return -1;
    }
}
