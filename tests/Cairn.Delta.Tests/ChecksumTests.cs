using Cairn.Delta.Checksums;
using Org.BouncyCastle.Crypto.Digests;

namespace Cairn.Delta.Tests;

/// <summary>Cairn's own BLAKE2b (scalar and four-lane) against BouncyCastle's, and the rolling sums' identities.</summary>
public sealed class ChecksumTests
{
    public static IEnumerable<object[]> Lengths => new[] { 0, 1, 63, 127, 128, 129, 255, 256, 257, 1000, 14080 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Blake2bMatchesBouncyCastle(int length)
    {
        var data = TestData.Random(length + 3, length);
        var expected = new byte[32];
        var reference = new Blake2bDigest(256);
        reference.BlockUpdate(data, 3, length);
        reference.DoFinal(expected, 0);

        var actual = new byte[32];
        Blake2b.Hash256(data.AsSpan(3, length), actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FourLaneBlake2bMatchesScalarPerLane(int length)
    {
        var data = TestData.Random((4 * length) + 10, length + 1);
        int[] offsets = [0, length + 1, (2 * length) + 5, (3 * length) + 10];
        var hasher = new StrongHasher(StrongSumAlgorithm.Blake2, 32);
        var many = new byte[4 * 32];
        hasher.ComputeMany(data, offsets, length, many);
        for (var lane = 0; lane < 4; lane++)
        {
            var single = new byte[32];
            Blake2b.Hash256(data.AsSpan(offsets[lane], length), single);
            Assert.Equal(single, many.AsSpan(lane * 32, 32).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(700)]
    public void RollingEqualsComputingFromScratch(int window)
    {
        var data = TestData.Random(window + 500, window);
        var rabinKarp = new RabinKarpSum();
        var rollSum = default(RollSum);
        rabinKarp.Update(data.AsSpan(0, window));
        rollSum.Update(data.AsSpan(0, window));
        for (var p = 0; p < 500; p++)
        {
            rabinKarp.Rotate(data[p], data[p + window]);
            rollSum.Rotate(data[p], data[p + window]);
            Assert.Equal(RabinKarpSum.Compute(data.AsSpan(p + 1, window)), rabinKarp.Digest);
            Assert.Equal(RollSum.Compute(data.AsSpan(p + 1, window)), rollSum.Digest);
        }

        for (var k = 1; k < window; k++)
        {
            rabinKarp.RollOut(data[500 + k - 1]);
            rollSum.RollOut(data[500 + k - 1]);
            Assert.Equal(RabinKarpSum.Compute(data.AsSpan(500 + k, window - k)), rabinKarp.Digest);
            Assert.Equal(RollSum.Compute(data.AsSpan(500 + k, window - k)), rollSum.Digest);
        }
    }
}
