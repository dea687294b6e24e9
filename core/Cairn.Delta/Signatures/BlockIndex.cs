using System.Numerics;
using System.Runtime.CompilerServices;

namespace Cairn.Delta;

/// <summary>
/// Finds the block a window of new data matches, with librsync's rule: the lowest-numbered block whose
/// weak sum and strong sum both equal the window's. A bit filter keyed on the weak sum rejects almost
/// every non-matching position with one L1/L2 load; survivors go to an open-addressing table that maps a
/// weak sum to the run of blocks having it (in block order), and only then is the strong sum computed.
/// </summary>
internal sealed class BlockIndex
{
    /// <summary>Spreads a weak sum over the filter's bits (Fibonacci hashing: the top bits of the product).</summary>
    public const uint FilterMultiplier = 0x9E3779B1;

    private readonly ulong[] filter;
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

        // About 128 filter bits per block (a false positive at under 1% of positions), 4 KiB to 128 MiB of bits.
        var filterBits = Math.Clamp(BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1))) + 7, 15, 30);
        filter = new ulong[(1 << filterBits) / 64];
        filterShift = 32 - filterBits;

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

            var bit = (key * FilterMultiplier) >> filterShift;
            filter[bit >> 6] |= 1UL << (int)(bit & 63);
            var slot = Mix(key) & tableMask;
            while (table[slot].Count != 0)
            {
                slot = (slot + 1) & tableMask;
            }

            table[slot] = new Bucket(key, start, i - start);
        }
    }

    /// <summary>The filter's bits and the shift that turns <c>weak * FilterMultiplier</c> into a bit number.</summary>
    public (ulong[] Bits, int Shift) Filter => (filter, filterShift);

    /// <summary>False when no block has this weak sum; true when one might.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(uint weakSum)
    {
        var bit = (weakSum * FilterMultiplier) >> filterShift;
        return (filter[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

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
