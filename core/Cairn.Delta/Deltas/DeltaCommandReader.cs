using System.Buffers.Binary;

namespace Cairn.Delta;

/// <summary>Reads and checks the magic and the commands of a delta, up to its END; literal data is left for the caller.</summary>
internal sealed class DeltaCommandReader : IDisposable
{
    private readonly DeltaReader _reader;
    private bool _ended;

    public DeltaCommandReader(Stream delta)
    {
        _reader = new DeltaReader(delta);
        Span<byte> magicBytes = stackalloc byte[4];
        _reader.ReadExactly(magicBytes, "the magic number");
        var magic = BinaryPrimitives.ReadUInt32BigEndian(magicBytes);
        if (magic != SignatureMagic.Delta)
        {
            _reader.Dispose();
            throw new DeltaFormatException($"Not a librsync delta: magic 0x{magic:x8} at offset 0 (expected 0x{SignatureMagic.Delta:x8}).");
        }
    }

    /// <summary>The next command, or null after END.</summary>
    public DeltaCommand? Next()
    {
        if (_ended)
        {
            return null;
        }

        Span<byte> arguments = stackalloc byte[16];
        var offset = _reader.Offset;
        var opcode = _reader.ReadByte(offset);
        var shape = DeltaCommands.Describe(opcode);
        _reader.ReadExactly(arguments[..(shape.FirstWidth + shape.SecondWidth)], $"the arguments of opcode 0x{opcode:x2} at offset {offset}");
        var first = shape.FirstWidth == 0 ? shape.Immediate : DeltaCommands.ReadArgument(arguments, shape.FirstWidth);
        switch (shape.Kind)
        {
            case DeltaCommands.CommandKind.End:
                _ended = true;
                return null;
            case DeltaCommands.CommandKind.Literal:
                return first > 0
                    ? new DeltaCommand(shape.Kind, opcode, offset, first, first)
                    : throw new DeltaFormatException($"Invalid LITERAL length {first} (opcode 0x{opcode:x2}) at delta offset {offset}.");
            case DeltaCommands.CommandKind.Copy:
                var length = DeltaCommands.ReadArgument(arguments[shape.FirstWidth..], shape.SecondWidth);
                return first >= 0 && length > 0 && length <= long.MaxValue - first
                    ? new DeltaCommand(shape.Kind, opcode, offset, first, length)
                    : throw new DeltaFormatException($"Invalid COPY of {length} bytes from basis offset {first} (opcode 0x{opcode:x2}) at delta offset {offset}.");
            default:
                throw new DeltaFormatException($"Reserved opcode 0x{opcode:x2} at delta offset {offset}.");
        }
    }

    /// <summary>Passes a LITERAL's data to <paramref name="output"/>.</summary>
    public void CopyLiteral(DeltaCommand literal, Stream output) =>
        _reader.CopyTo(output, literal.First, $"LITERAL of {literal.First} bytes (opcode 0x{literal.Opcode:x2}) at offset {literal.Offset}");

    public void Dispose() => _reader.Dispose();
}
