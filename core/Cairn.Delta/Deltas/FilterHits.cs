using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// The positions (and their weak sums) where a rolling scan found a window whose weak sum passes the block
/// index's filter, in increasing order; a fixed capacity, so a scan of repetitive data stops early instead of
/// growing a list with the data.
/// </summary>
internal sealed class FilterHits
{
    private readonly int[] positions;
    private readonly uint[] weakSums;

    public FilterHits(int capacity)
    {
        positions = new int[capacity];
        weakSums = new uint[capacity];
    }

    public int Count { get; private set; }

    public bool IsFull => Count == positions.Length;

    public ReadOnlySpan<int> Positions => positions.AsSpan(0, Count);

    public ReadOnlySpan<uint> WeakSums => weakSums.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>Records a hit; the caller checks <see cref="IsFull"/> afterwards.</summary>
    public void Add(int position, uint weakSum)
    {
        positions[Count] = position;
        weakSums[Count] = weakSum;
        Count++;
    }

    /// <summary>
    /// The portable <see cref="IRollingSum.CollectFilterHits"/>: <see cref="IRollingSum.RollWhileAbsent"/> from
    /// hit to hit.
    /// </summary>
    public static int Collect<TSum>(ref TSum sum, ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index, FilterHits hits)
        where TSum : struct, IRollingSum
    {
        var length = sum.Count;
        var p = position;
        while (true)
        {
            p = sum.RollWhileAbsent(buffer, p, stop, index);
            if (p >= stop)
            {
                return stop;
            }

            hits.Add(p, sum.Digest);
            if (hits.IsFull)
            {
                return p + 1;
            }

            sum.Rotate(buffer[p], buffer[p + length]);
            p++;
        }
    }
}
