using System.Buffers.Binary;

namespace Cairn.Delta;

/// <summary>
/// The byte layout of librsync's delta format (doc/formats.md, src/prototab.c), in one place: a 4-byte
/// big-endian magic 0x72730236, then commands, each an opcode byte and 0-2 big-endian arguments.
/// <list type="table">
/// <item><term>0x00</term><description>END</description></item>
/// <item><term>0x01-0x40</term><description>LITERAL of 1-64 bytes (length in the opcode), data follows</description></item>
/// <item><term>0x41-0x44</term><description>LITERAL with a 1/2/4/8-byte length, data follows</description></item>
/// <item><term>0x45-0x54</term><description>COPY position, length: 4 position widths (1/2/4/8) × 4 length widths</description></item>
/// <item><term>0x55-0xff</term><description>reserved (an error)</description></item>
/// </list>
/// </summary>
internal static class DeltaCommands
{
    public const byte End = 0x00;
    public const byte LiteralN1 = 0x41;
    public const byte CopyN1N1 = 0x45;
    public const byte FirstReserved = 0x55;
    public const int MaxImmediateLiteral = 64;

    /// <summary>The longest command encoding: opcode + 8-byte position + 8-byte length.</summary>
    public const int MaxCommandLength = 17;

    /// <summary>Bytes librsync uses for an argument: the smallest of 1, 2, 4, 8 that holds it.</summary>
    public static int ArgumentWidth(long value) =>
        (ulong)value <= 0xff ? 1 : (ulong)value <= 0xffff ? 2 : (ulong)value <= 0xffff_ffff ? 4 : 8;

    /// <summary>Writes the magic; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, SignatureMagic.Delta);
        return 4;
    }

    /// <summary>Writes a LITERAL command header for <paramref name="length"/> bytes; returns its length.</summary>
    public static int WriteLiteral(Span<byte> destination, long length)
    {
        if (length <= MaxImmediateLiteral)
        {
            destination[0] = (byte)length;
            return 1;
        }

        var width = ArgumentWidth(length);
        destination[0] = (byte)(LiteralN1 + WidthCode(width));
        WriteArgument(destination[1..], length, width);
        return 1 + width;
    }

    /// <summary>Writes a COPY command; returns its length.</summary>
    public static int WriteCopy(Span<byte> destination, long position, long length)
    {
        var positionWidth = ArgumentWidth(position);
        var lengthWidth = ArgumentWidth(length);
        destination[0] = (byte)(CopyN1N1 + (4 * WidthCode(positionWidth)) + WidthCode(lengthWidth));
        WriteArgument(destination[1..], position, positionWidth);
        WriteArgument(destination[(1 + positionWidth)..], length, lengthWidth);
        return 1 + positionWidth + lengthWidth;
    }

    /// <summary>Describes an opcode: its kind, and the widths of its arguments.</summary>
    public static CommandShape Describe(byte opcode) => opcode switch
    {
        End => new CommandShape(CommandKind.End, 0, 0, 0),
        <= MaxImmediateLiteral => new CommandShape(CommandKind.Literal, opcode, 0, 0),
        < CopyN1N1 => new CommandShape(CommandKind.Literal, 0, 1 << (opcode - LiteralN1), 0),
        < FirstReserved => new CommandShape(CommandKind.Copy, 0, 1 << ((opcode - CopyN1N1) / 4), 1 << ((opcode - CopyN1N1) % 4)),
        _ => new CommandShape(CommandKind.Reserved, 0, 0, 0),
    };

    /// <summary>Reads a big-endian argument of 1, 2, 4 or 8 bytes (8-byte values may come out negative: callers check).</summary>
    public static long ReadArgument(ReadOnlySpan<byte> source, int width) => width switch
    {
        1 => source[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(source),
        4 => BinaryPrimitives.ReadUInt32BigEndian(source),
        _ => BinaryPrimitives.ReadInt64BigEndian(source),
    };

    private static int WidthCode(int width) => width switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 };

    private static void WriteArgument(Span<byte> destination, long value, int width)
    {
        switch (width)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value);
                break;
            default:
                BinaryPrimitives.WriteInt64BigEndian(destination, value);
                break;
        }
    }

    internal enum CommandKind
    {
        End,
        Literal,
        Copy,
        Reserved,
    }

    /// <summary>An opcode's meaning.</summary>
    /// <param name="Kind">What the command does.</param>
    /// <param name="Immediate">For LITERAL_1..64, the length carried in the opcode.</param>
    /// <param name="FirstWidth">Width of the first argument (0 when none).</param>
    /// <param name="SecondWidth">Width of the second argument (0 when none).</param>
    internal readonly record struct CommandShape(CommandKind Kind, int Immediate, int FirstWidth, int SecondWidth);
}
