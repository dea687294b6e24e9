using System.Buffers;
using System.Buffers.Binary;

namespace Cairn.Delta;

/// <summary>
/// Applies a librsync delta (from Cairn or <c>rdiff delta</c>) to a seekable basis, streaming the result.
/// Reading stops at the END command, so a delta may be embedded in a longer stream.
/// </summary>
public static class DeltaPatcher
{
    /// <summary>Copy chunk: small enough that the kernel's copies in and out stay in the CPU caches.</summary>
    private const int BufferSize = 128 * 1024;

    /// <summary>COPY commands at least this long go through <see cref="KernelCopy"/> when both ends are files.</summary>
    private const long KernelCopyThreshold = 256 * 1024;

    /// <summary>Writes the new file that <paramref name="delta"/> makes from <paramref name="basis"/>.</summary>
    /// <param name="basis">The old file; must be readable and seekable (COPY commands read it at any offset).</param>
    /// <param name="delta">The delta, read up to and including its END command.</param>
    /// <param name="output">Receives the new file.</param>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException">The basis cannot be read or seeked.</exception>
    /// <exception cref="DeltaFormatException">
    /// Wrong magic, a reserved opcode, a zero or negative length, a COPY past the end of the basis, or a delta
    /// that ends before its END command. The message names the delta offset and the opcode.
    /// </exception>
    /// <exception cref="IOException">Reading or writing failed.</exception>
    public static long Apply(Stream basis, Stream delta, Stream output)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(output);
        if (!basis.CanRead || !basis.CanSeek)
        {
            throw new ArgumentException("The basis must be a readable, seekable stream.", nameof(basis));
        }

        var reader = new DeltaReader(delta);
        var copyBuffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            Span<byte> arguments = stackalloc byte[16];
            reader.ReadExactly(arguments[..4], "the magic number");
            var magic = BinaryPrimitives.ReadUInt32BigEndian(arguments);
            if (magic != SignatureMagic.Delta)
            {
                throw new DeltaFormatException($"Not a librsync delta: magic 0x{magic:x8} at offset 0 (expected 0x{SignatureMagic.Delta:x8}).");
            }

            var basisLength = basis.Length;
            var basisPosition = -1L;
            long written = 0;
            while (true)
            {
                var commandOffset = reader.Offset;
                var opcode = reader.ReadByte(commandOffset);
                var shape = DeltaCommands.Describe(opcode);
                var argumentBytes = shape.FirstWidth + shape.SecondWidth;
                reader.ReadExactly(arguments[..argumentBytes], $"the arguments of opcode 0x{opcode:x2} at offset {commandOffset}");
                var first = shape.FirstWidth == 0 ? shape.Immediate : DeltaCommands.ReadArgument(arguments, shape.FirstWidth);
                switch (shape.Kind)
                {
                    case DeltaCommands.CommandKind.End:
                        output.Flush();
                        return written;
                    case DeltaCommands.CommandKind.Literal:
                        if (first <= 0)
                        {
                            throw new DeltaFormatException($"Invalid LITERAL length {first} (opcode 0x{opcode:x2}) at delta offset {commandOffset}.");
                        }

                        reader.CopyTo(output, first, $"LITERAL of {first} bytes (opcode 0x{opcode:x2}) at offset {commandOffset}");
                        written += first;
                        break;
                    case DeltaCommands.CommandKind.Copy:
                        var length = DeltaCommands.ReadArgument(arguments[shape.FirstWidth..], shape.SecondWidth);
                        if (first < 0 || length <= 0 || length > basisLength - first)
                        {
                            throw new DeltaFormatException(
                                $"Invalid COPY of {length} bytes from basis offset {first} (opcode 0x{opcode:x2}) at delta offset {commandOffset}: the basis has {basisLength} bytes.");
                        }

                        var viaKernel = length >= KernelCopyThreshold && basis is FileStream basisFile && output is FileStream outputFile && outputFile.CanSeek
                            ? CopyInKernel(basisFile, outputFile, first, length)
                            : 0;
                        if (viaKernel < length)
                        {
                            if (basisPosition != first + viaKernel)
                            {
                                basis.Seek(first + viaKernel, SeekOrigin.Begin);
                            }

                            CopyFromBasis(basis, output, copyBuffer, length - viaKernel, first + viaKernel, commandOffset);
                            basisPosition = first + length;
                        }

                        written += length;
                        break;
                    default:
                        throw new DeltaFormatException($"Reserved opcode 0x{opcode:x2} at delta offset {commandOffset}.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copyBuffer);
            reader.Dispose();
        }
    }

    private static long CopyInKernel(FileStream basis, FileStream output, long position, long length)
    {
        output.Flush();
        var outputPosition = output.Position;
        var copied = KernelCopy.Copy(basis.SafeFileHandle, position, output.SafeFileHandle, outputPosition, length);
        output.Position = outputPosition + copied;
        return copied;
    }

    private static void CopyFromBasis(Stream basis, Stream output, byte[] buffer, long length, long position, long commandOffset)
    {
        while (length > 0)
        {
            var read = basis.Read(buffer, 0, (int)Math.Min(length, buffer.Length));
            if (read == 0)
            {
                throw new DeltaFormatException(
                    $"COPY at delta offset {commandOffset} reads past the end of the basis (it ended before offset {position}).");
            }

            output.Write(buffer, 0, read);
            length -= read;
            position += read;
        }
    }
}
