using System.Runtime.ExceptionServices;
using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// Finds, ahead of the delta scan, the positions where a block may start: positions whose full window has a
/// weak sum that some block has ("candidates"). On data unlike the basis nearly every position is rejected by
/// the index's filter, so the scan jumps from candidate to candidate instead of rolling byte by byte itself.
/// </summary>
/// <remarks>
/// Whether a position is a candidate depends only on the data under its window, not on what the scan did
/// before, so a stretch can be split: its second half is scanned on another core with a rolling sum started
/// from scratch at its first window, and both halves' candidates are exactly those a single pass would find.
/// Results are kept by stream position and stay valid whatever the scan does next (it only moves forward);
/// the scan still applies librsync's greedy rule itself, candidate by candidate, so the delta is unchanged.
/// The first stretch after the scan leaves matching data is kept short, as after an edit the next match is
/// usually near; later stretches take all the buffered data.
/// </remarks>
internal sealed class CandidateScan : IThreadPoolWorkItem, IDisposable
{
    /// <summary>Filter hits one half may record before it stops early (repetitive data that matches everywhere).</summary>
    private const int MaxHits = 1024;

    /// <summary>Positions scanned before the rest of a stretch is taken at once.</summary>
    internal const int FirstStretch = 64 * 1024;

    /// <summary>The shortest stretch worth splitting between two cores.</summary>
    internal const int MinParallelStretch = 128 * 1024;

    private static readonly bool UseSecondCore = Environment.ProcessorCount > 1;

    private readonly BlockIndex index;
    private readonly int blockLength;
    private readonly FilterHits firstHits = new(MaxHits);
    private readonly FilterHits secondHits = new(MaxHits);
    private readonly long[] positions = new long[2 * MaxHits];
    private readonly uint[] weakSums = new uint[2 * MaxHits];
    private readonly ManualResetEventSlim secondDone = new();
    private int count;
    private int cursor;
    private long coveredFrom = -1;
    private long coveredTo = -1;

    // The second half's job, set before it is queued and read back after secondDone is set.
    private Func<CandidateScan, int>? secondJob;
    private byte[] secondBuffer = [];
    private int secondFrom;
    private int secondTo;
    private int secondReached;
    private ExceptionDispatchInfo? secondFailure;

    public CandidateScan(BlockIndex index, int blockLength)
    {
        this.index = index;
        this.blockLength = blockLength;
    }

    /// <summary>
    /// The first candidate at or after buffer index <paramref name="p"/> and before <paramref name="stop"/>, or
    /// <paramref name="stop"/> when there is none; <paramref name="weakSum"/> is the weak sum of the full window
    /// there. <paramref name="buffer"/> holds stream position <paramref name="bufferPosition"/> at index 0 and
    /// valid data up to <paramref name="stop"/> + block length.
    /// </summary>
    public int Next<TSum>(byte[] buffer, int p, int stop, long bufferPosition, out uint weakSum)
        where TSum : struct, IRollingSum
    {
        var position = bufferPosition + p;
        var stopPosition = bufferPosition + stop;
        if (position < coveredFrom || position > coveredTo)
        {
            // The scan left the stretch (it matched and moved on): start a new one here.
            count = 0;
            cursor = 0;
            coveredFrom = position;
            coveredTo = position;
        }

        while (true)
        {
            while (cursor < count && positions[cursor] < position)
            {
                cursor++;
            }

            if (cursor < count)
            {
                weakSum = weakSums[cursor];
                return (int)(positions[cursor] - bufferPosition);
            }

            if (coveredTo >= stopPosition)
            {
                weakSum = WeakSum<TSum>(buffer.AsSpan(stop, blockLength));
                return stop;
            }

            var from = (int)(coveredTo - bufferPosition);
            var to = coveredFrom == coveredTo ? Math.Min(stop, from + Math.Max(FirstStretch, 2 * blockLength)) : stop;
            Extend<TSum>(buffer, from, to, bufferPosition);
        }
    }

    public void Dispose() => secondDone.Dispose();

    /// <summary>Runs the second half of a split stretch (on a thread-pool thread).</summary>
    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            secondReached = secondJob!(this);
        }
        catch (Exception ex)
        {
            secondFailure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            secondDone.Set();
        }
    }

    /// <summary>Replaces the candidates with those of buffer indexes [from, to).</summary>
    private void Extend<TSum>(byte[] buffer, int from, int to, long bufferPosition)
        where TSum : struct, IRollingSum
    {
        count = 0;
        cursor = 0;
        int reached;
        if (to - from < MinParallelStretch || !UseSecondCore)
        {
            reached = Collect<TSum>(buffer, from, to, firstHits);
            AddCandidates(firstHits, bufferPosition);
        }
        else
        {
            var middle = from + ((to - from) / 2);
            secondJob = SecondHalf<TSum>.Run;
            secondBuffer = buffer;
            secondFrom = middle;
            secondTo = to;
            secondFailure = null;
            secondDone.Reset();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            try
            {
                reached = Collect<TSum>(buffer, from, middle, firstHits);
            }
            finally
            {
                // Never leave the other core reading a buffer its owner may return to the pool.
                secondDone.Wait();
                secondBuffer = [];
            }

            secondFailure?.Throw();
            AddCandidates(firstHits, bufferPosition);
            if (reached == middle)
            {
                // The first half is complete, so the second half's candidates follow on from it.
                AddCandidates(secondHits, bufferPosition);
                reached = secondReached;
            }
        }

        coveredFrom = bufferPosition + from;
        coveredTo = bufferPosition + reached;
    }

    /// <summary>Scans buffer indexes [from, to) with a rolling sum started at <paramref name="from"/>.</summary>
    private int Collect<TSum>(byte[] buffer, int from, int to, FilterHits hits)
        where TSum : struct, IRollingSum
    {
        hits.Clear();
        var sum = default(TSum);
        sum.Reset();
        sum.Update(buffer.AsSpan(from, blockLength));
        return sum.CollectFilterHits(buffer.AsSpan(0, to + blockLength), from, to, index, hits);
    }

    /// <summary>Keeps the filter hits whose weak sum a block really has (the filter has false positives).</summary>
    private void AddCandidates(FilterHits hits, long bufferPosition)
    {
        var hitPositions = hits.Positions;
        var hitSums = hits.WeakSums;
        for (var i = 0; i < hitPositions.Length; i++)
        {
            if (!index.Candidates(hitSums[i]).IsEmpty)
            {
                positions[count] = bufferPosition + hitPositions[i];
                weakSums[count] = hitSums[i];
                count++;
            }
        }
    }

    private static uint WeakSum<TSum>(ReadOnlySpan<byte> window)
        where TSum : struct, IRollingSum
    {
        var sum = default(TSum);
        sum.Reset();
        sum.Update(window);
        return sum.Digest;
    }

    /// <summary>One cached delegate per rolling-sum type, so queuing the second half allocates nothing.</summary>
    private static class SecondHalf<TSum>
        where TSum : struct, IRollingSum
    {
        public static readonly Func<CandidateScan, int> Run =
            scan => scan.Collect<TSum>(scan.secondBuffer, scan.secondFrom, scan.secondTo, scan.secondHits);
    }
}
