namespace Cairn.Delta.Tests;

/// <summary>Corrupt, truncated and hostile deltas and signatures are a <see cref="DeltaFormatException"/> that says where.</summary>
public sealed class MalformedInputTests
{
    private static readonly byte[] Basis = TestData.Random(10_000, 50);

    [Fact]
    public void EveryTruncationOfAValidDeltaIsRejected()
    {
        var delta = TestData.Delta(Basis, TestData.Insert(Basis, 5000, TestData.Random(300, 51)));
        for (var length = 0; length < delta.Length; length++)
        {
            var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, delta[..length]));
            Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WrongMagicIsRejected()
    {
        var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, [0x72, 0x73, 0x01, 0x36, 0]));
        Assert.Contains("magic 0x72730136", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x55)]
    [InlineData(0xff)]
    public void ReservedOpcodesAreRejected(byte opcode)
    {
        var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, [0x72, 0x73, 0x02, 0x36, opcode]));
        Assert.Contains($"0x{opcode:x2} at delta offset 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyPastTheEndOfTheBasisIsRejected()
    {
        // COPY_N2_N2 position 9990, length 11: one byte beyond a 10,000-byte basis.
        var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, [0x72, 0x73, 0x02, 0x36, 0x4a, 0x27, 0x06, 0x00, 0x0b, 0]));
        Assert.Contains("COPY of 11 bytes from basis offset 9990", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeCopyPositionIsRejected()
    {
        byte[] delta = [0x72, 0x73, 0x02, 0x36, 0x51, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0];
        var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, delta));
        Assert.Contains("basis offset -1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroLengthCommandsAreRejected()
    {
        Assert.Throws<DeltaFormatException>(() => Patch(Basis, [0x72, 0x73, 0x02, 0x36, 0x41, 0x00, 0]));
        Assert.Throws<DeltaFormatException>(() => Patch(Basis, [0x72, 0x73, 0x02, 0x36, 0x45, 0x00, 0x00, 0]));
    }

    [Fact]
    public void HugeLiteralLengthFailsAsTruncationWithoutAllocating()
    {
        byte[] delta = [0x72, 0x73, 0x02, 0x36, 0x44, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DeltaFormatException>(() => Patch(Basis, delta));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void DataAfterEndIsLeftUnread()
    {
        var changed = TestData.Insert(Basis, 10, [9, 9, 9]);
        byte[] delta = [.. TestData.Delta(Basis, changed), .. "trailing"u8];
        var stream = new MemoryStream(delta);
        var output = new MemoryStream();
        DeltaPatcher.Apply(new MemoryStream(Basis), stream, output);
        Assert.Equal(changed, output.ToArray());
    }

    [Fact]
    public void ACopyBackInABasisThatCannotSeekIsAFormatError()
    {
        byte[] swapped = [.. Basis.AsSpan(5000), .. Basis.AsSpan(0, 5000)];
        var delta = TestData.Delta(Basis, swapped);

        var error = Assert.Throws<DeltaFormatException>(() => DeltaPatcher.Apply(new ForwardOnlyStream(Basis), new MemoryStream(delta), new MemoryStream()));
        Assert.Contains("forward", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x72, 0x73, 0x01 })]
    [InlineData(new byte[] { 0x72, 0x73, 0x02, 0x36, 0, 0, 1, 0, 0, 0, 0, 8 })]
    [InlineData(new byte[] { 0x72, 0x73, 0x01, 0x47, 0, 0, 0, 0, 0, 0, 0, 8 })]
    [InlineData(new byte[] { 0x72, 0x73, 0x01, 0x46, 0, 0, 1, 0, 0, 0, 0, 17 })]
    [InlineData(new byte[] { 0x72, 0x73, 0x01, 0x47, 0, 0, 1, 0, 0, 0, 0, 4, 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0x72, 0x73, 0x01, 0x47, 0x10, 0, 0, 0, 0, 0, 0, 32 })]
    public void MalformedSignaturesAreRejected(byte[] signature)
    {
        Assert.Throws<DeltaFormatException>(() => Signature.ReadFrom(new MemoryStream(signature)));
    }

    private static void Patch(byte[] basis, byte[] delta) =>
        DeltaPatcher.Apply(new MemoryStream(basis), new MemoryStream(delta), new MemoryStream());
}
