using System.Buffers.Binary;
using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// A librsync signature loaded in memory: for each block of the basis, its weak and strong sums.
/// Memory is proportional to the number of blocks (4 + strong-sum length bytes each), never to the basis.
/// Read one with <see cref="ReadFrom"/>, write one with <see cref="SignatureBuilder"/>.
/// </summary>
public sealed class Signature
{
    /// <summary>Bytes of the signature header: magic, block length, strong-sum length (big-endian 32-bit each).</summary>
    internal const int HeaderLength = 12;

    private BlockIndex? index;

    internal Signature(SignatureParameters parameters, uint[] weakSums, byte[] strongSums, int blockCount)
    {
        Parameters = parameters;
        WeakSums = weakSums;
        StrongSums = strongSums;
        BlockCount = blockCount;
    }

    /// <summary>The signature's format and lengths.</summary>
    public SignatureParameters Parameters { get; }

    /// <summary>The number of blocks of the basis the signature describes.</summary>
    public int BlockCount { get; }

    internal uint[] WeakSums { get; }

    /// <summary>The strong sums, <see cref="SignatureParameters.StrongSumLength"/> bytes per block, in block order.</summary>
    internal byte[] StrongSums { get; }

    /// <summary>The lookup structure the delta scanner uses (built on first use).</summary>
    internal BlockIndex Index => index ??= new BlockIndex(this);

    /// <summary>Reads a whole signature in any of librsync's four formats from <paramref name="stream"/>.</summary>
    /// <param name="stream">The signature, read to its end.</param>
    /// <returns>The loaded signature.</returns>
    /// <exception cref="DeltaFormatException">Unknown magic, invalid lengths, or a truncated block record.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static Signature ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderLength];
        var got = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        if (got < HeaderLength)
        {
            throw new DeltaFormatException($"Signature is truncated: {got} bytes, the header alone needs {HeaderLength}.");
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (!SignatureMagic.TryParse(magic, out var weak, out var strong))
        {
            throw new DeltaFormatException($"Not a librsync signature: magic 0x{magic:x8} at offset 0.");
        }

        var blockLength = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        var strongLength = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        var parameters = new SignatureParameters(weak, strong, blockLength, strongLength);
        try
        {
            parameters.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new DeltaFormatException($"Invalid signature header at offset 4: {ex.Message}", ex);
        }

        var recordLength = 4 + strongLength;
        // Grow with what is actually read, so a lying or hostile stream cannot make us allocate up front.
        var weakSums = new uint[64];
        var strongSums = new byte[64 * strongLength];
        var count = 0;
        var buffer = new byte[recordLength * 4096];
        var filled = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var records = filled / recordLength;
            if (count + records > weakSums.Length)
            {
                var newSize = Math.Max(weakSums.Length * 2, count + records);
                Array.Resize(ref weakSums, newSize);
                Array.Resize(ref strongSums, newSize * strongLength);
            }

            for (var r = 0; r < records; r++)
            {
                var record = buffer.AsSpan(r * recordLength, recordLength);
                weakSums[count] = BinaryPrimitives.ReadUInt32BigEndian(record);
                record[4..].CopyTo(strongSums.AsSpan(count * strongLength, strongLength));
                count++;
            }

            var rest = filled - (records * recordLength);
            buffer.AsSpan(records * recordLength, rest).CopyTo(buffer);
            filled = rest;
            if (read == 0)
            {
                break;
            }
        }

        if (filled != 0)
        {
            var offset = HeaderLength + ((long)count * recordLength);
            throw new DeltaFormatException(
                $"Signature is truncated: block record {count} at offset {offset} has {filled} of {recordLength} bytes.");
        }

        return new Signature(parameters, weakSums, strongSums, count);
    }

    /// <summary>Writes the signature in librsync's format.</summary>
    /// <param name="stream">Where to write.</param>
    /// <exception cref="IOException">Writing failed.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var strongLength = Parameters.StrongSumLength;
        var recordLength = 4 + strongLength;
        var buffer = new byte[Math.Max(HeaderLength, recordLength * 1024)];
        WriteHeader(buffer, Parameters);
        stream.Write(buffer, 0, HeaderLength);
        var filled = 0;
        for (var i = 0; i < BlockCount; i++)
        {
            WriteRecord(buffer.AsSpan(filled), WeakSums[i], StrongSums.AsSpan(i * strongLength, strongLength));
            filled += recordLength;
            if (filled + recordLength > buffer.Length)
            {
                stream.Write(buffer, 0, filled);
                filled = 0;
            }
        }

        stream.Write(buffer, 0, filled);
    }

    internal static void WriteHeader(Span<byte> destination, SignatureParameters parameters)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, parameters.Magic);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], parameters.BlockLength);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], parameters.StrongSumLength);
    }

    internal static void WriteRecord(Span<byte> destination, uint weakSum, ReadOnlySpan<byte> strongSum)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, weakSum);
        strongSum.CopyTo(destination[4..]);
    }

    internal static uint ComputeWeakSum(WeakSumAlgorithm algorithm, ReadOnlySpan<byte> block) =>
        algorithm == WeakSumAlgorithm.RabinKarp ? RabinKarpSum.Compute(block) : RollSum.Compute(block);
}
