using Cairn.Delta.Checksums;

namespace Cairn.Delta.Tests;

/// <summary>
/// The look-ahead for unmatched data: the vectorised filter scan and the two-core split find exactly the
/// positions a plain byte-by-byte roll finds, including blocks that straddle the point where a stretch is split.
/// </summary>
public sealed class CandidateScanTests
{
    private const byte RepeatedByte = 0x41;

    [Theory]
    [InlineData(WeakSumAlgorithm.RabinKarp, 1)]
    [InlineData(WeakSumAlgorithm.RabinKarp, 7)]
    [InlineData(WeakSumAlgorithm.RabinKarp, 64)]
    [InlineData(WeakSumAlgorithm.RabinKarp, 1000)]
    [InlineData(WeakSumAlgorithm.RabinKarp, 11_520)]
    [InlineData(WeakSumAlgorithm.Rollsum, 7)]
    [InlineData(WeakSumAlgorithm.Rollsum, 1000)]
    public void FilterScanFindsWhatRollingByteByByteFinds(WeakSumAlgorithm algorithm, int window)
    {
        var (index, data) = PlantedBlocks(algorithm, window, 150_000);
        var length = data.Length - window;
        foreach (var (start, stop) in new[] { (0, length), (3, length - 5), (100, 109), (7, 8), (9, 9), (length - 20, length) })
        {
            var expected = RollByteByByte(algorithm, data, window, start, stop, index, candidatesOnly: false);

            // RabinKarp has AVX-512 and AVX2 kernels besides the portable loop: each must agree.
            foreach (var lanes in algorithm == WeakSumAlgorithm.RabinKarp ? new[] { 16, 8, 1 } : [1])
            {
                var hits = new FilterHits(1 << 20);
                Assert.Equal(stop, Collect(algorithm, data, window, start, stop, index, hits, lanes));
                Assert.Equal(expected.Select(e => e.Position), hits.Positions.ToArray());
                Assert.Equal(expected.Select(e => e.WeakSum), hits.WeakSums.ToArray());
            }
        }

        // Planted blocks are hits, so the scan is not trivially empty.
        Assert.True(RollByteByByte(algorithm, data, window, 0, length, index, candidatesOnly: true).Count >= 20);
    }

    [Fact]
    public void FilterScanStopsJustPastTheHitThatFillsItsList()
    {
        var (index, data) = PlantedBlocks(WeakSumAlgorithm.RabinKarp, 64, 100_000);
        var expected = RollByteByByte(WeakSumAlgorithm.RabinKarp, data, 64, 0, data.Length - 64, index, candidatesOnly: false);
        foreach (var lanes in new[] { 16, 8, 1 })
        {
            var hits = new FilterHits(5);
            var reached = Collect(WeakSumAlgorithm.RabinKarp, data, 64, 0, data.Length - 64, index, hits, lanes);
            Assert.Equal(expected[4].Position + 1, reached);
            Assert.Equal(expected.Take(5).Select(e => e.Position), hits.Positions.ToArray());
        }
    }

    [Theory]
    [InlineData(WeakSumAlgorithm.RabinKarp, 0)]
    [InlineData(WeakSumAlgorithm.RabinKarp, 12_345)]
    [InlineData(WeakSumAlgorithm.Rollsum, 999)]
    public void ChunkedScanFindsEveryCandidateAroundChunkBoundaries(WeakSumAlgorithm algorithm, long bufferPosition)
    {
        const int window = 700;
        var (index, data) = PlantedBlocks(algorithm, window, 900_000);
        var stop = data.Length - window;

        // The first stretch is short; the second, [FirstStretch + 1, stop), is cut into chunks scanned by two
        // threads: candidates are planted around two chunk boundaries.
        var from = 1 + CandidateScan.FirstStretch;
        var chunkLength = CandidateScan.ChunkLength(window);
        Assert.True((stop - from) / chunkLength >= 4);
        var boundaries = new[] { from + chunkLength, from + (3 * chunkLength) };
        var expected = PlantAroundBoundaries(algorithm, data, window, index, boundaries, stop);

        using var scan = new CandidateScan(index, window);
        Assert.Equal(expected, Drain(algorithm, scan, data, window, 1, stop, bufferPosition));
    }

    [Theory]
    [InlineData(WeakSumAlgorithm.RabinKarp, 0)]
    [InlineData(WeakSumAlgorithm.Rollsum, 4321)]
    public void ScanningAheadWhileTheBufferFillsFindsTheSameCandidates(WeakSumAlgorithm algorithm, long bufferPosition)
    {
        // The scan covers the first 300,000 positions and stops; as more input arrives the helper scans ahead
        // from there (twice, the second time further), and the scan then takes the rest, reusing those chunks.
        const int window = 700;
        var (index, data) = PlantedBlocks(algorithm, window, 900_000);
        var stop = data.Length - window;
        const int firstStop = 300_000;
        var chunkLength = CandidateScan.ChunkLength(window);
        var expected = PlantAroundBoundaries(algorithm, data, window, index, [firstStop + chunkLength, firstStop + (3 * chunkLength)], stop);

        using var scan = new CandidateScan(index, window);
        var found = Drain(algorithm, scan, data, window, 1, firstStop, bufferPosition);
        foreach (var limit in new[] { firstStop + (2 * chunkLength) + 5, stop - 1000 })
        {
            if (algorithm == WeakSumAlgorithm.RabinKarp)
            {
                scan.Prefetch<RabinKarpSum>(data, firstStop, limit, bufferPosition);
            }
            else
            {
                scan.Prefetch<RollSum>(data, firstStop, limit, bufferPosition);
            }

            Thread.Sleep(5);
        }

        found.AddRange(Drain(algorithm, scan, data, window, firstStop, stop, bufferPosition));
        Assert.Equal(expected, found);
    }

    /// <summary>
    /// Puts candidates just before, on and just after each boundary (a run of the basis's repeated byte one
    /// byte longer each side than a block, so the first spans it), and whole random blocks that end just before
    /// the run and start just after it; returns every candidate of [1, stop), checked to include those.
    /// </summary>
    private static List<(int Position, uint WeakSum)> PlantAroundBoundaries(WeakSumAlgorithm algorithm, byte[] data, int window, BlockIndex index, int[] boundaries, int stop)
    {
        var basis = BasisOf(algorithm, window);
        foreach (var boundary in boundaries)
        {
            data.AsSpan(boundary - 1, window + 2).Fill(RepeatedByte);
            basis.AsSpan(window * 3, window).CopyTo(data.AsSpan(boundary - 1 - window - 3));
            basis.AsSpan(window * 5, window).CopyTo(data.AsSpan(boundary + window + 3));
        }

        var expected = RollByteByByte(algorithm, data, window, 1, stop, index, candidatesOnly: true);
        foreach (var boundary in boundaries)
        {
            foreach (var position in new[] { boundary - 4 - window, boundary - 1, boundary, boundary + 1, boundary + window + 3 })
            {
                Assert.Contains(expected, e => e.Position == position);
            }
        }

        return expected;
    }

    /// <summary>Takes every candidate from <paramref name="p"/> to <paramref name="stop"/>, as the delta scan does.</summary>
    private static List<(int Position, uint WeakSum)> Drain(WeakSumAlgorithm algorithm, CandidateScan scan, byte[] data, int window, int p, int stop, long bufferPosition)
    {
        var found = new List<(int Position, uint WeakSum)>();
        while (true)
        {
            var next = algorithm == WeakSumAlgorithm.RabinKarp
                ? scan.Next<RabinKarpSum>(data, p, stop, bufferPosition, out var weak)
                : scan.Next<RollSum>(data, p, stop, bufferPosition, out weak);
            if (next == stop)
            {
                Assert.Equal(Signature.ComputeWeakSum(algorithm, data.AsSpan(stop, window)), weak);
                return found;
            }

            found.Add((next, weak));
            p = next + 1;
        }
    }

    /// <summary>A signature of random blocks, and random data with copies of those blocks planted at odd offsets.</summary>
    private static (BlockIndex Index, byte[] Data) PlantedBlocks(WeakSumAlgorithm algorithm, int window, int dataLength)
    {
        var basis = BasisOf(algorithm, window);
        var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), signature, SignatureParameters.Recommended(basis.Length, algorithm, StrongSumAlgorithm.Blake2, window, 8));
        var index = Signature.ReadFrom(new MemoryStream(signature.ToArray())).Index;

        // 24 blocks, one in each 24th of the data at a random offset (so none overwrites another).
        dataLength = Math.Max(dataLength, 24 * (window + 10));
        var data = TestData.Random(dataLength + window, window + 2);
        var random = new Random(window);
        var spacing = dataLength / 24;
        for (var i = 0; i < 24; i++)
        {
            var at = (i * spacing) + random.Next(spacing - window);
            basis.AsSpan(window * random.Next(basis.Length / window), window).CopyTo(data.AsSpan(at));
        }

        return (index, data);
    }

    /// <summary>40 random blocks, except block 1, which is one byte repeated.</summary>
    private static byte[] BasisOf(WeakSumAlgorithm algorithm, int window)
    {
        var basis = TestData.Random(window * 40, window + (int)algorithm);
        basis.AsSpan(window, window).Fill(RepeatedByte);
        return basis;
    }

    private static int Collect(WeakSumAlgorithm algorithm, byte[] data, int window, int start, int stop, BlockIndex index, FilterHits hits, int lanes)
    {
        if (algorithm == WeakSumAlgorithm.RabinKarp)
        {
            var sum = new RabinKarpSum();
            sum.Update(data.AsSpan(start, window));
            return sum.CollectFilterHits(data.AsSpan(0, stop + window), start, stop, index, hits, lanes);
        }

        var rollSum = default(RollSum);
        rollSum.Update(data.AsSpan(start, window));
        return rollSum.CollectFilterHits(data.AsSpan(0, stop + window), start, stop, index, hits);
    }

    /// <summary>The reference: the window's weak sum at every position from scratch, tested one by one.</summary>
    private static List<(int Position, uint WeakSum)> RollByteByByte(WeakSumAlgorithm algorithm, byte[] data, int window, int start, int stop, BlockIndex index, bool candidatesOnly)
    {
        var found = new List<(int, uint)>();
        var rabinKarp = new RabinKarpSum();
        var rollSum = default(RollSum);
        for (var p = start; p < stop; p++)
        {
            if (p == start)
            {
                rabinKarp.Update(data.AsSpan(p, window));
                rollSum.Update(data.AsSpan(p, window));
            }
            else
            {
                rabinKarp.Rotate(data[p - 1], data[p - 1 + window]);
                rollSum.Rotate(data[p - 1], data[p - 1 + window]);
            }

            var weak = algorithm == WeakSumAlgorithm.RabinKarp ? rabinKarp.Digest : rollSum.Digest;
            if (index.MayContain(weak) && (!candidatesOnly || !index.Candidates(weak).IsEmpty))
            {
                found.Add((p, weak));
            }
        }

        return found;
    }
}
