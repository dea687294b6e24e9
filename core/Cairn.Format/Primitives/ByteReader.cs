using System.Buffers.Binary;
using System.Text;

namespace Cairn.Format.Primitives;

/// <summary>
/// Reads fields from an in-memory structure (a header, a record body) with bounds checks; every
/// problem becomes an <see cref="ArchiveFormatException"/> naming the structure and the offset.
/// </summary>
internal ref struct ByteReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _span;
    private readonly string _structure;
    private readonly long _baseOffset;
    private int _position;

    public ByteReader(ReadOnlySpan<byte> span, string structure, long baseOffset = -1)
    {
        _span = span;
        _structure = structure;
        _baseOffset = baseOffset;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly bool AtEnd => _position == _span.Length;

    public readonly ReadOnlySpan<byte> Rest => _span[_position..];

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error(field, $"needs {count} bytes, {Remaining} left");
        }

        var slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadByte(string field) => ReadBytes(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, field));

    public ulong ReadVarUInt(string field)
    {
        var consumed = Varint.TryRead(_span[_position..], out var value);
        if (consumed <= 0)
        {
            throw Error(field, consumed == 0 ? "varint runs past the end" : "malformed or overlong varint");
        }

        _position += consumed;
        return value;
    }

    /// <summary>Reads a varint that must fit a non-negative <see cref="long"/> no larger than <paramref name="max"/>.</summary>
    public long ReadVarLength(string field, long max)
    {
        var value = ReadVarUInt(field);
        if (value > (ulong)max)
        {
            throw Error(field, $"value {value} exceeds the limit {max}");
        }

        return (long)value;
    }

    public long ReadVarSigned(string field) => Varint.UnZigZag(ReadVarUInt(field));

    public string ReadUtf8(int count, string field)
    {
        var bytes = ReadBytes(count, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(field, "is not valid UTF-8");
        }
    }

    public readonly ArchiveFormatException Error(string field, string problem) =>
        new($"{_structure} {field}", _baseOffset >= 0 ? _baseOffset + _position : -1, problem);
}
