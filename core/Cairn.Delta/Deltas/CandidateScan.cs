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
/// before, so a stretch can be cut into chunks, each scanned with a rolling sum started from scratch at its
/// first window: together they find exactly the candidates a single pass would. The calling thread and a
/// helper thread take chunks in turn until none is left, so however busy the other core is (the delta's
/// writes run there too, and other processes), neither waits for more than the chunk the other is finishing.
/// While the caller reads more input, the helper already scans the whole chunks of what has been read
/// (<see cref="Prefetch"/>), so the reads overlap the scan as well.
/// Results are kept by stream position and stay valid whatever the scan does next (it only moves forward);
/// the scan still applies librsync's greedy rule itself, candidate by candidate, so the delta is unchanged.
/// The first stretch after the scan leaves matching data is kept short, as after an edit the next match is
/// usually near; later stretches take all the buffered data.
/// </remarks>
internal sealed class CandidateScan : IDisposable
{
    /// <summary>Positions scanned before the rest of a stretch is taken at once.</summary>
    internal const int FirstStretch = 64 * 1024;

    /// <summary>The shortest chunk: long enough that starting its rolling sum from scratch costs little.</summary>
    private const int MinChunk = 64 * 1024;

    /// <summary>Filter hits a chunk may record before it stops early (repetitive data that matches everywhere).</summary>
    private const int MaxHitsPerChunk = 256;

    private static readonly bool UseSecondCore = Environment.ProcessorCount > 1;

    private readonly BlockIndex index;
    private readonly int blockLength;
    private FilterHits[] chunkHits = [];
    private int[] chunkReached = [];
    private long[] positions = new long[MaxHitsPerChunk];
    private uint[] weakSums = new uint[MaxHitsPerChunk];
    private int count;
    private int cursor;
    private long coveredFrom = -1;
    private long coveredTo = -1;

    // The chunks of the stretch being scanned, shared with the helper thread under the gate's lock.
    private readonly object gate = new();
    private Thread? helper;
    private Func<CandidateScan, byte[], int, int, FilterHits, int>? chunkJob;
    private byte[] jobBuffer = [];
    private long jobPosition = -1;
    private int jobFrom;
    private int jobTo;
    private int jobChunkLength;
    private int chunks;
    private int nextChunk;
    private int activeChunks;
    private bool open;
    private bool disposed;
    private ExceptionDispatchInfo? helperFailure;

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
            Quiesce();
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

    /// <summary>The length of the chunks a stretch is cut into (the last one may be shorter).</summary>
    internal static int ChunkLength(int blockLength) => Math.Max(MinChunk, 2 * blockLength);

    /// <summary>
    /// Lets the helper thread scan ahead while the caller reads more input: when the scan has consumed every
    /// candidate found so far and stopped where they end (buffer index <paramref name="p"/>), the next stretch
    /// will start there, so the helper starts on its whole chunks below <paramref name="limit"/> (the last
    /// position whose window is in the buffer). Does nothing otherwise, or on one core. The buffer must not move
    /// until <see cref="Quiesce"/> (or the next scan) has returned.
    /// </summary>
    public void Prefetch<TSum>(byte[] buffer, int p, int limit, long bufferPosition)
        where TSum : struct, IRollingSum
    {
        if (!UseSecondCore || cursor < count || coveredTo != bufferPosition + p || limit <= p)
        {
            return;
        }

        var chunkLength = ChunkLength(blockLength);
        var whole = (limit - p) / chunkLength;
        if (whole == 0)
        {
            return;
        }

        lock (gate)
        {
            if (!open || jobPosition != coveredTo)
            {
                CloseJob();
                OpenJob<TSum>(buffer, p, p + (whole * chunkLength), bufferPosition, chunkLength, whole);
            }
            else if (whole > chunks)
            {
                EnsureChunks(whole);
                chunks = whole;
                jobTo = p + (whole * chunkLength);
                Monitor.PulseAll(gate);
            }
        }

        StartHelper();
    }

    /// <summary>Waits until the helper thread no longer reads the buffer (before the caller moves or returns it).</summary>
    public void Quiesce()
    {
        lock (gate)
        {
            CloseJob();
        }
    }

    /// <summary>Lets the helper thread end.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            CloseJob();
            disposed = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Replaces the candidates with those of buffer indexes [from, to).</summary>
    private void Extend<TSum>(byte[] buffer, int from, int to, long bufferPosition)
        where TSum : struct, IRollingSum
    {
        count = 0;
        cursor = 0;
        var chunkLength = ChunkLength(blockLength);
        var n = (to - from + chunkLength - 1) / chunkLength;
        if (n < 2 || !UseSecondCore)
        {
            Quiesce();
            n = 1;
            EnsureChunks(1);
            chunkReached[0] = Collect<TSum>(buffer, from, to, chunkHits[0]);
        }
        else
        {
            lock (gate)
            {
                if (open && jobPosition == bufferPosition + from)
                {
                    // The helper has been scanning this stretch's first chunks while the input was read.
                    EnsureChunks(n);
                    chunks = n;
                    jobTo = to;
                    Monitor.PulseAll(gate);
                }
                else
                {
                    CloseJob();
                    OpenJob<TSum>(buffer, from, to, bufferPosition, chunkLength, n);
                }
            }

            StartHelper();
            try
            {
                RunChunks();
            }
            finally
            {
                // Never leave the helper reading a buffer its owner may compact or return to the pool.
                lock (gate)
                {
                    CloseJob();
                }
            }

            helperFailure?.Throw();
        }

        // Candidates in order, up to the first chunk that stopped early (its list was full).
        EnsureCapacity(n * MaxHitsPerChunk);
        var reached = from;
        for (var k = 0; k < n; k++)
        {
            AddCandidates(chunkHits[k], bufferPosition);
            reached = chunkReached[k];
            if (reached < Math.Min(to, from + ((k + 1) * chunkLength)))
            {
                break;
            }
        }

        coveredFrom = bufferPosition + from;
        coveredTo = bufferPosition + reached;
    }

    /// <summary>Sets up the chunks of buffer indexes [from, to) for both threads (under the gate's lock).</summary>
    private void OpenJob<TSum>(byte[] buffer, int from, int to, long bufferPosition, int chunkLength, int n)
        where TSum : struct, IRollingSum
    {
        EnsureChunks(n);
        chunkJob = ChunkJob<TSum>.Run;
        jobBuffer = buffer;
        jobPosition = bufferPosition + from;
        jobFrom = from;
        jobTo = to;
        jobChunkLength = chunkLength;
        chunks = n;
        nextChunk = 0;
        helperFailure = null;
        open = true;
        Monitor.PulseAll(gate);
    }

    /// <summary>Stops handing out chunks and waits for those being scanned (under the gate's lock).</summary>
    private void CloseJob()
    {
        open = false;
        while (activeChunks > 0)
        {
            Monitor.Wait(gate);
        }

        jobBuffer = [];
        jobPosition = -1;
    }

    /// <summary>Takes the stretch's chunks one at a time until none is left (on the calling and the helper thread).</summary>
    private void RunChunks()
    {
        while (true)
        {
            int k, start, stop;
            byte[] data;
            Func<CandidateScan, byte[], int, int, FilterHits, int> job;
            FilterHits hits;
            lock (gate)
            {
                if (!open || nextChunk >= chunks)
                {
                    return;
                }

                k = nextChunk++;
                start = jobFrom + (k * jobChunkLength);
                stop = Math.Min(jobTo, start + jobChunkLength);
                data = jobBuffer;
                job = chunkJob!;
                hits = chunkHits[k];
                activeChunks++;
            }

            try
            {
                var reached = job(this, data, start, stop, hits);
                lock (gate)
                {
                    chunkReached[k] = reached;
                }
            }
            finally
            {
                lock (gate)
                {
                    activeChunks--;
                    if (activeChunks == 0)
                    {
                        Monitor.PulseAll(gate);
                    }
                }
            }
        }
    }

    private void StartHelper()
    {
        if (helper is not null)
        {
            return;
        }

        helper = new Thread(HelperLoop) { IsBackground = true, Name = "Cairn delta scan" };
        helper.Start();
    }

    private void HelperLoop()
    {
        while (true)
        {
            lock (gate)
            {
                while (!open || nextChunk >= chunks)
                {
                    if (disposed)
                    {
                        return;
                    }

                    Monitor.Wait(gate);
                }
            }

            try
            {
                RunChunks();
            }
            catch (Exception ex)
            {
                lock (gate)
                {
                    helperFailure ??= ExceptionDispatchInfo.Capture(ex);
                }
            }
        }
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

    /// <summary>Makes room for <paramref name="n"/> chunks' results (growing, so the arrays stay as small as the buffer allows).</summary>
    private void EnsureChunks(int n)
    {
        if (chunkHits.Length < n)
        {
            var grown = new FilterHits[n];
            chunkHits.CopyTo(grown, 0);
            for (var k = chunkHits.Length; k < n; k++)
            {
                grown[k] = new FilterHits(MaxHitsPerChunk);
            }

            chunkHits = grown;
            Array.Resize(ref chunkReached, n);
        }
    }

    private void EnsureCapacity(int length)
    {
        if (positions.Length < length)
        {
            positions = new long[length];
            weakSums = new uint[length];
        }
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

    /// <summary>One cached delegate per rolling-sum type, so sharing a stretch allocates nothing.</summary>
    private static class ChunkJob<TSum>
        where TSum : struct, IRollingSum
    {
        public static readonly Func<CandidateScan, byte[], int, int, FilterHits, int> Run =
            static (scan, buffer, from, to, hits) => scan.Collect<TSum>(buffer, from, to, hits);
    }
}
