using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cairn.Delta;

/// <summary>
/// Finds the block a window of new data matches, with librsync's rule: the lowest-numbered block whose
/// weak sum and strong sum both equal the window's. A filter keyed on the weak sum rejects almost every
/// non-matching position with one L1/L2 load; survivors go to an open-addressing table that maps a weak sum
/// to the run of blocks having it (in block order), and only then is the strong sum computed.
/// </summary>
/// <remarks>
/// The filter is a blocked Bloom filter: each weak sum sets two bits of one 32-bit word. One load still
/// answers a query, and a false positive needs both bits set, so at about 128 filter bits per block it
/// passes about 1 in 4,000 unrelated positions instead of 1 in 128 with a single bit: on unrelated data
/// nearly every position costs only the rolling sum and this one test.
/// </remarks>
internal sealed class BlockIndex
{
    /// <summary>Spreads a weak sum over the filter (Fibonacci hashing: the top bits of the product pick the word).</summary>
    public const uint FilterMultiplier = 0x9E3779B1;

    private readonly uint[] filter;
    private readonly int filterShift;
    private readonly Bucket[] table;
    private readonly uint tableMask;
    private readonly int[] blocksByWeakSum;
    private readonly byte[] strongSums;
    private readonly int strongLength;

    public BlockIndex(Signature signature)
    {
        var count = signature.BlockCount;
        strongSums = signature.StrongSums;
        strongLength = signature.Parameters.StrongSumLength;

        // Blocks sorted by (weak sum, block number): each weak sum's candidates are one run, in librsync's order.
        var weak = signature.WeakSums;
        blocksByWeakSum = new int[count];
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = ((ulong)weak[i] << 32) | (uint)i;
        }

        Array.Sort(keys);
        for (var i = 0; i < count; i++)
        {
            blocksByWeakSum[i] = (int)(uint)keys[i];
        }

        // 128 to 256 filter bits per block, 4 KiB to 16 MiB of filter (2^10 to 2^22 words): the word number
        // takes the top bits of the 32-bit product and the two bit numbers the ten bits below it.
        var filterBits = Math.Clamp(BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1))) + 7, 15, 27);
        filter = new uint[(1 << filterBits) / 32];
        filterShift = 32 - (filterBits - 5);

        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count * 2, 16));
        table = new Bucket[capacity];
        tableMask = (uint)capacity - 1;
        for (var i = 0; i < count;)
        {
            var key = (uint)(keys[i] >> 32);
            var start = i;
            while (i < count && (uint)(keys[i] >> 32) == key)
            {
                i++;
            }

            var hash = key * FilterMultiplier;
            filter[hash >> filterShift] |= (1U << FirstBit(hash, filterShift)) | (1U << SecondBit(hash, filterShift));
            var slot = Mix(key) & tableMask;
            while (table[slot].Count != 0)
            {
                slot = (slot + 1) & tableMask;
            }

            table[slot] = new Bucket(key, start, i - start);
        }
    }

    /// <summary>The filter's words and the shift that turns <c>weak * FilterMultiplier</c> into a word number.</summary>
    public (uint[] Words, int Shift) Filter => (filter, filterShift);

    /// <summary>False when no block has this weak sum; true when one might.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(uint weakSum) =>
        MayContain(ref MemoryMarshal.GetArrayDataReference(filter), filterShift, weakSum);

    /// <summary><see cref="MayContain(uint)"/> on a filter taken apart with <see cref="Filter"/>, for hot loops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayContain(ref uint words, int shift, uint weakSum)
    {
        var hash = weakSum * FilterMultiplier;
        var word = Unsafe.Add(ref words, hash >> shift);
        return ((word >> FirstBit(hash, shift)) & (word >> SecondBit(hash, shift)) & 1) != 0;
    }

    /// <summary>The first bit a hash sets in its word: the five bits below the word number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstBit(uint hash, int shift) => (int)(hash >> (shift - 5)) & 31;

    /// <summary>The second bit a hash sets in its word: the next five bits down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SecondBit(uint hash, int shift) => (int)(hash >> (shift - 10)) & 31;

    /// <summary>The run of blocks (in block order) whose weak sum is <paramref name="weakSum"/>; empty when none.</summary>
    public ReadOnlySpan<int> Candidates(uint weakSum)
    {
        var slot = Mix(weakSum) & tableMask;
        while (true)
        {
            ref readonly var bucket = ref table[slot];
            if (bucket.Count == 0)
            {
                return default;
            }

            if (bucket.WeakSum == weakSum)
            {
                return blocksByWeakSum.AsSpan(bucket.Start, bucket.Count);
            }

            slot = (slot + 1) & tableMask;
        }
    }

    /// <summary>
    /// The lowest-numbered block among <paramref name="candidates"/> whose strong sum equals
    /// <paramref name="strongSum"/>, or -1.
    /// </summary>
    public int FirstWithStrongSum(ReadOnlySpan<int> candidates, ReadOnlySpan<byte> strongSum)
    {
        foreach (var block in candidates)
        {
            if (strongSums.AsSpan(block * strongLength, strongLength).SequenceEqual(strongSum))
            {
                return block;
            }
        }

        return -1;
    }

    private static uint Mix(uint h)
    {
        // MurmurHash3's finaliser: weak sums of real data are far from uniform in their low bits.
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    private readonly record struct Bucket(uint WeakSum, int Start, int Count);
}
