using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// Weak and strong sums of the block-aligned windows ahead of the scan (at p, p+L, p+2L...), computed in
/// one batch on all cores. When new data mostly matches the basis, the scanner jumps from block to block
/// and finds each window's sums here instead of hashing one window at a time; strong sums are computed
/// only for windows whose weak sum some block has. Entries are keyed by stream position, so they stay
/// valid whatever the scan does next; a window the scan never visits costs only wasted work.
/// </summary>
internal sealed class MatchLookahead
{
    private const int TargetBatchBytes = 512 * 1024;
    private const int MinParallelBytes = 96 * 1024;

    private readonly int blockLength;
    private readonly int strongLength;
    private readonly WeakSumAlgorithm weakAlgorithm;
    private readonly BlockIndex index;
    private readonly StrongHasher[] hashers;
    private readonly uint[] weakSums;
    private readonly byte[] strongSums;
    private readonly bool[] hasStrongSum;
    private readonly int[][] offsets;
    private readonly int[][] windows;
    private readonly byte[][] results;
    private readonly Action<int> worker;
    private long firstPosition = -1;
    private int count;
    private int perWorker;
    private byte[] batchBuffer = [];
    private int batchIndex;

    public MatchLookahead(SignatureParameters parameters, BlockIndex index)
    {
        blockLength = parameters.BlockLength;
        strongLength = parameters.StrongSumLength;
        weakAlgorithm = parameters.WeakSum;
        this.index = index;
        MaxWindows = Math.Clamp(TargetBatchBytes / blockLength, 4, 256);
        hashers = new StrongHasher[Math.Max(1, Environment.ProcessorCount)];
        offsets = new int[hashers.Length][];
        windows = new int[hashers.Length][];
        results = new byte[hashers.Length][];
        for (var i = 0; i < hashers.Length; i++)
        {
            hashers[i] = new StrongHasher(parameters.StrongSum, strongLength);
            offsets[i] = new int[MaxWindows];
            windows[i] = new int[MaxWindows];
            results[i] = new byte[MaxWindows * strongLength];
        }

        weakSums = new uint[MaxWindows];
        strongSums = new byte[MaxWindows * strongLength];
        hasStrongSum = new bool[MaxWindows];
        worker = Work;
    }

    /// <summary>The most windows one batch covers (about 512 KiB of data).</summary>
    public int MaxWindows { get; }

    /// <summary>
    /// Computes the sums of <paramref name="windowCount"/> consecutive full windows starting at
    /// <paramref name="bufferIndex"/> of <paramref name="buffer"/>, which is stream position <paramref name="position"/>.
    /// </summary>
    public void Compute(byte[] buffer, int bufferIndex, long position, int windowCount)
    {
        firstPosition = position;
        count = windowCount;
        batchBuffer = buffer;
        batchIndex = bufferIndex;
        var workers = (long)windowCount * blockLength >= MinParallelBytes ? Math.Min(hashers.Length, windowCount) : 1;
        perWorker = (windowCount + workers - 1) / workers;
        if (workers == 1)
        {
            Work(0);
        }
        else
        {
            Parallel.For(0, workers, worker);
        }

        batchBuffer = [];
    }

    /// <summary>The weak sum of the full window at stream position <paramref name="position"/>, if computed.</summary>
    public bool TryGetWeakSum(long position, out uint weakSum)
    {
        var slot = Slot(position);
        weakSum = slot >= 0 ? weakSums[slot] : 0;
        return slot >= 0;
    }

    /// <summary>The strong sum of the full window at stream position <paramref name="position"/>, or empty if not computed.</summary>
    public ReadOnlySpan<byte> StrongSum(long position)
    {
        var slot = Slot(position);
        return slot >= 0 && hasStrongSum[slot] ? strongSums.AsSpan(slot * strongLength, strongLength) : default;
    }

    private int Slot(long position)
    {
        var distance = position - firstPosition;
        if (firstPosition < 0 || distance < 0 || distance % blockLength != 0 || distance / blockLength >= count)
        {
            return -1;
        }

        return (int)(distance / blockLength);
    }

    private void Work(int w)
    {
        var first = w * perWorker;
        var last = Math.Min(count, first + perWorker);
        var data = batchBuffer;
        var candidates = 0;
        for (var k = first; k < last; k++)
        {
            var offset = batchIndex + (k * blockLength);
            var weak = Signature.ComputeWeakSum(weakAlgorithm, data.AsSpan(offset, blockLength));
            weakSums[k] = weak;
            hasStrongSum[k] = false;
            if (index.MayContain(weak) && !index.Candidates(weak).IsEmpty)
            {
                offsets[w][candidates] = offset;
                windows[w][candidates] = k;
                candidates++;
            }
        }

        if (candidates == 0)
        {
            return;
        }

        hashers[w].ComputeMany(data, offsets[w].AsSpan(0, candidates), blockLength, results[w]);
        for (var c = 0; c < candidates; c++)
        {
            var k = windows[w][c];
            results[w].AsSpan(c * strongLength, strongLength).CopyTo(strongSums.AsSpan(k * strongLength));
            hasStrongSum[k] = true;
        }
    }
}
