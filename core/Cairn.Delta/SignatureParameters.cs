using System.Numerics;

namespace Cairn.Delta;

/// <summary>
/// The shape of a librsync signature: its checksum algorithms, block length and strong-sum length.
/// <see cref="Recommended"/> chooses them exactly as librsync 2.3 (<c>rs_sig_args</c>) does.
/// </summary>
/// <param name="WeakSum">The rolling checksum.</param>
/// <param name="StrongSum">The strong checksum.</param>
/// <param name="BlockLength">Bytes per block (at least 1).</param>
/// <param name="StrongSumLength">Bytes of the strong sum kept per block (1 to 32 for BLAKE2, 1 to 16 for MD4).</param>
public readonly record struct SignatureParameters(
    WeakSumAlgorithm WeakSum, StrongSumAlgorithm StrongSum, int BlockLength, int StrongSumLength)
{
    /// <summary>librsync's block length when the basis size is unknown (a pipe).</summary>
    public const int DefaultBlockLength = 2048;

    /// <summary>
    /// The largest block length Cairn accepts (in a signature it reads or parameters it is given): 16 MiB,
    /// what librsync's square-root rule gives for a 256 TiB file. The delta builder buffers a few blocks, so
    /// this bounds what a hostile signature header can make it allocate.
    /// </summary>
    public const int MaxBlockLength = 1 << 24;

    /// <summary>librsync's minimum strong-sum length when the basis size is unknown.</summary>
    private const int DefaultMinStrongSumLength = 12;

    /// <summary>The magic number that starts a signature in this format.</summary>
    public uint Magic => SignatureMagic.For(WeakSum, StrongSum);

    /// <summary>The longest strong sum the strong-sum algorithm produces (32 for BLAKE2, 16 for MD4).</summary>
    public int MaxStrongSumLength => MaxStrongSumLengthOf(StrongSum);

    /// <summary>
    /// Chooses parameters as librsync 2.3 does for a basis of <paramref name="basisLength"/> bytes (null when
    /// unknown, e.g. a pipe): block length 256 up to 64 KiB of basis, else the integer square root rounded
    /// down to a multiple of 128, 2048 when unknown; strong sum the algorithm's maximum.
    /// </summary>
    /// <param name="basisLength">The basis size in bytes, or null when it cannot be known in advance.</param>
    /// <param name="weakSum">The rolling checksum.</param>
    /// <param name="strongSum">The strong checksum.</param>
    /// <param name="blockLength">0 for the recommended block length, else the block length to use.</param>
    /// <param name="strongSumLength">0 for the maximum, -1 for librsync's recommended minimum, else the length to use.</param>
    /// <returns>Validated parameters.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A length is outside what the format allows.</exception>
    public static SignatureParameters Recommended(
        long? basisLength,
        WeakSumAlgorithm weakSum = WeakSumAlgorithm.RabinKarp,
        StrongSumAlgorithm strongSum = StrongSumAlgorithm.Blake2,
        int blockLength = 0,
        int strongSumLength = 0)
    {
        if (basisLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(basisLength), "The basis length cannot be negative.");
        }

        if (blockLength == 0)
        {
            blockLength = basisLength is not { } size ? DefaultBlockLength
                : size <= 256 * 256 ? 256
                : (int)Math.Min(IntegerSquareRoot(size) & ~127L, MaxBlockLength);
        }

        if (blockLength is < 1 or > MaxBlockLength)
        {
            throw new ArgumentOutOfRangeException(nameof(blockLength), $"Block length {blockLength} is outside 1..{MaxBlockLength}.");
        }

        var max = MaxStrongSumLengthOf(strongSum);
        if (strongSumLength == 0)
        {
            strongSumLength = max;
        }
        else if (strongSumLength == -1)
        {
            // librsync: enough bits that a collision across a whole delta stays below 1 in 2^32.
            strongSumLength = basisLength is not { } size ? DefaultMinStrongSumLength
                : 2 + (FloorLog2(size + (1L << 24)) + FloorLog2((size / blockLength) + 1) + 7) / 8;
            strongSumLength = Math.Min(strongSumLength, max);
        }

        var parameters = new SignatureParameters(weakSum, strongSum, blockLength, strongSumLength);
        parameters.Validate();
        return parameters;
    }

    /// <summary>Checks that the lengths are valid for the algorithms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is outside what the format allows.</exception>
    public void Validate()
    {
        if (BlockLength is < 1 or > MaxBlockLength)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockLength), $"Block length {BlockLength} is outside 1..{MaxBlockLength}.");
        }

        if (StrongSumLength < 1 || StrongSumLength > MaxStrongSumLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(StrongSumLength), $"Strong-sum length {StrongSumLength} is outside 1..{MaxStrongSumLength} for {StrongSum}.");
        }

        if (!Enum.IsDefined(WeakSum) || !Enum.IsDefined(StrongSum))
        {
            throw new ArgumentOutOfRangeException(nameof(WeakSum), "Unknown checksum algorithm.");
        }
    }

    internal static int MaxStrongSumLengthOf(StrongSumAlgorithm strongSum) => strongSum == StrongSumAlgorithm.Md4 ? 16 : 32;

    private static long IntegerSquareRoot(long value)
    {
        var root = (long)Math.Sqrt(value);
        while (root * root > value)
        {
            root--;
        }

        while ((root + 1) * (root + 1) <= value)
        {
            root++;
        }

        return root;
    }

    private static int FloorLog2(long value) => value <= 0 ? 0 : BitOperations.Log2((ulong)value);
}
