namespace Cairn.Delta.Tests;

/// <summary>Default lengths as librsync 2.3 chooses them (checked against rdiff in the compatibility tests too).</summary>
public sealed class SignatureParametersTests
{
    [Theory]
    [InlineData(0L, 256)]
    [InlineData(65_536L, 256)]
    [InlineData(100_000L, 256)]
    [InlineData(1_000_000L, 896)]
    [InlineData(10_000_000L, 3072)]
    [InlineData(200_000_000L, 14080)]
    public void BlockLengthFollowsTheBasisSize(long size, int expected) =>
        Assert.Equal(expected, SignatureParameters.Recommended(size).BlockLength);

    [Fact]
    public void UnknownSizeUsesLibrsyncDefaults()
    {
        Assert.Equal(2048, SignatureParameters.Recommended(null).BlockLength);
        Assert.Equal(12, SignatureParameters.Recommended(null, strongSumLength: -1).StrongSumLength);
    }

    [Theory]
    [InlineData(StrongSumAlgorithm.Blake2, 32)]
    [InlineData(StrongSumAlgorithm.Md4, 16)]
    public void StrongSumDefaultsToTheMaximum(StrongSumAlgorithm algorithm, int expected) =>
        Assert.Equal(expected, SignatureParameters.Recommended(1000, strongSum: algorithm).StrongSumLength);

    [Theory]
    [InlineData(100L, 16, 6)]
    [InlineData(100L, 256, 5)]
    [InlineData(10_000_000L, 16, 8)]
    [InlineData(200_000_000L, 16, 9)]
    [InlineData(200_000_000L, 65_536, 7)]
    public void MinimumStrongSumMatchesRdiff(long size, int block, int expected) =>
        Assert.Equal(expected, SignatureParameters.Recommended(size, blockLength: block, strongSumLength: -1).StrongSumLength);

    [Theory]
    [InlineData(StrongSumAlgorithm.Md4, 17)]
    [InlineData(StrongSumAlgorithm.Blake2, 33)]
    public void TooLongStrongSumIsRefused(StrongSumAlgorithm algorithm, int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureParameters.Recommended(1000, strongSum: algorithm, strongSumLength: length));
}
