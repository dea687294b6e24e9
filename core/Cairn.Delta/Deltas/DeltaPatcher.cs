using System.Buffers;
using System.Buffers.Binary;

namespace Cairn.Delta;

/// <summary>
/// Applies a librsync delta (from Cairn or <c>rdiff delta</c>) to a basis, streaming the result: a seekable
/// basis is read where the COPYs point, one that cannot seek front to back (see <see cref="ForwardReadPlan"/>).
/// Reading stops at the END command, so a delta may be embedded in a longer stream.
/// </summary>
public static class DeltaPatcher
{
    /// <summary>Copy chunk: small enough that the kernel's copies in and out stay in the CPU caches.</summary>
    private const int BufferSize = 128 * 1024;

    /// <summary>COPY commands at least this long go through <see cref="KernelCopy"/> when both ends are files.</summary>
    private const long KernelCopyThreshold = 256 * 1024;

    /// <summary>Writes the new file that <paramref name="delta"/> makes from <paramref name="basis"/>.</summary>
    /// <param name="basis">
    /// The old file. A seekable basis is read wherever the COPY commands point. One that cannot seek (a
    /// stream being decoded) is read front to back, skipping what no COPY needs, and the COPYs that go back
    /// are served from the ranges <paramref name="plan"/> keeps on the way.
    /// </param>
    /// <param name="delta">The delta, read up to and including its END command.</param>
    /// <param name="output">Receives the new file.</param>
    /// <param name="plan">For a basis that cannot seek: <see cref="ForwardReadPlan.Scan"/> of the same delta. Without one, a COPY that goes back is an error.</param>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException">The basis cannot be read.</exception>
    /// <exception cref="DeltaFormatException">
    /// Wrong magic, a reserved opcode, a zero or negative length, a COPY past the end of the basis (or back
    /// to a range the plan did not keep, in a basis that cannot seek), or a delta that ends before its END
    /// command. The message names the delta offset and the opcode.
    /// </exception>
    /// <exception cref="IOException">Reading or writing failed.</exception>
    public static long Apply(Stream basis, Stream delta, Stream output, ForwardReadPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(output);
        if (!basis.CanRead)
        {
            throw new ArgumentException("The basis must be a readable stream.", nameof(basis));
        }

        using var commands = new DeltaCommandReader(delta);
        var copyBuffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var forward = basis.CanSeek ? null : new ForwardBasis(basis, plan ?? ForwardReadPlan.None, copyBuffer);
        var basisLength = forward is null ? basis.Length : long.MaxValue; // a forward-only basis reports its end by ending
        var basisPosition = -1L;
        try
        {
            long written = 0;
            while (commands.Next() is { } command)
            {
                if (command.Kind == DeltaCommands.CommandKind.Literal)
                {
                    commands.CopyLiteral(command, output);
                    written += command.First;
                    continue;
                }

                var (first, length) = (command.First, command.Length);
                if (length > basisLength - first)
                {
                    throw new DeltaFormatException(
                        $"Invalid COPY of {length} bytes from basis offset {first} (opcode 0x{command.Opcode:x2}) at delta offset {command.Offset}: the basis has {basisLength} bytes.");
                }

                if (forward is not null)
                {
                    forward.Copy(first, length, output, command);
                    written += length;
                    continue;
                }

                var viaKernel = length >= KernelCopyThreshold && basis is FileStream basisFile && output is FileStream outputFile && outputFile.CanSeek
                    ? CopyInKernel(basisFile, outputFile, first, length)
                    : 0;
                if (viaKernel < length)
                {
                    var start = first + viaKernel;
                    if (basisPosition != start)
                    {
                        basis.Seek(start, SeekOrigin.Begin);
                    }

                    CopyFromBasis(basis, output, copyBuffer, length - viaKernel, start, command.Offset);
                    basisPosition = first + length;
                }

                written += length;
            }

            output.Flush();
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copyBuffer);
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
