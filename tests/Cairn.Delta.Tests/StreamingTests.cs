using Cairn.Testing;

namespace Cairn.Delta.Tests;

/// <summary>The push-style builders give the same bytes whatever the piece sizes, and memory stays bounded.</summary>
public sealed class StreamingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void PieceSizeDoesNotChangeSignatureOrDelta(int pieceSize)
    {
        var basis = TestData.SemiCompressible(400_000, 40);
        var changed = TestData.Insert(TestData.Delete(basis, 1000, 300), 200_000, TestData.Random(5000, 41));
        var parameters = SignatureParameters.Recommended(basis.Length, blockLength: 512);

        var whole = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), whole, parameters);
        var pieces = new MemoryStream();
        using (var builder = new SignatureBuilder(pieces, parameters))
        {
            foreach (var piece in basis.Chunk(pieceSize))
            {
                builder.Append(piece);
            }

            builder.Complete();
            Assert.Equal((basis.Length + 511) / 512, builder.BlockCount);
        }

        Assert.Equal(whole.ToArray(), pieces.ToArray());

        var signature = Signature.ReadFrom(new MemoryStream(whole.ToArray()));
        var wholeDelta = new MemoryStream();
        DeltaBuilder.Build(signature, new MemoryStream(changed), wholeDelta);
        var pieceDelta = new MemoryStream();
        using (var builder = new DeltaBuilder(signature, pieceDelta))
        {
            foreach (var piece in changed.Chunk(pieceSize))
            {
                builder.Append(piece);
            }

            builder.Complete();
            Assert.Equal(pieceDelta.Length, builder.BytesWritten);
        }

        Assert.Equal(wholeDelta.ToArray(), pieceDelta.ToArray());
        var patched = new MemoryStream();
        DeltaPatcher.Apply(new MemoryStream(basis), new MemoryStream(pieceDelta.ToArray()), patched);
        Assert.Equal(changed, patched.ToArray());
    }

    [Fact]
    public void AFailedWriteOfALargeDeltaIsReportedNotLost()
    {
        // Past a few MiB of delta the output is written on another thread: its failure must still reach the caller.
        var basis = TestData.Random(100_000, 47);
        var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), signature, SignatureParameters.Recommended(basis.Length));
        var loaded = Signature.ReadFrom(new MemoryStream(signature.ToArray()));
        var output = new FailingStream(failAfter: 6 << 20);
        var error = Assert.Throws<IOException>(() => DeltaBuilder.Build(loaded, new MemoryStream(TestData.Random(12 << 20, 48)), output));
        Assert.Equal(FailingStream.Message, error.Message);
        Assert.InRange(output.Length, 6 << 20, 7 << 20);
    }

    [Fact]
    public void AbandoningALargeDeltaMidwayLeavesNoWriteBehind()
    {
        // A caller that stops early (the engine when reading the source fails) disposes without Complete: the
        // background write in flight and the helper threads must be finished with by the time Dispose returns.
        var basis = TestData.Random(100_000, 49);
        var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), signature, SignatureParameters.Recommended(basis.Length));
        var loaded = Signature.ReadFrom(new MemoryStream(signature.ToArray()));
        var output = new MemoryStream();
        var data = TestData.Random(9 << 20, 50);
        using (var builder = new DeltaBuilder(loaded, output))
        {
            foreach (var piece in data.Chunk(1 << 20))
            {
                builder.Append(piece);
            }
        }

        var length = output.Length;
        Assert.InRange(length, 4 << 20, 9 << 20);
        Thread.Sleep(50);
        Assert.Equal(length, output.Length);
    }

    [Fact]
    public void PatchingFileToFileCopiesLongRangesCorrectly()
    {
        // Long COPY commands between two files take the in-kernel path; literals in between must stay in order.
        var basis = TestData.Random(6 << 20, 44);
        var changed = TestData.Insert(TestData.Insert(basis, 4 << 20, TestData.Random(1000, 45)), 1 << 20, TestData.Random(77, 46));
        using var dir = new TempDirectory("cairn-delta");
        File.WriteAllBytes(dir.File("basis"), basis);
        var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), signature, SignatureParameters.Recommended(basis.Length));
        var delta = new MemoryStream();
        DeltaBuilder.Build(Signature.ReadFrom(new MemoryStream(signature.ToArray())), new MemoryStream(changed), delta);
        using (var basisFile = File.OpenRead(dir.File("basis")))
        using (var output = File.Create(dir.File("new")))
        {
            output.Write([1, 2, 3]); // the patch continues at the output's current position
            delta.Position = 0;
            Assert.Equal(changed.Length, DeltaPatcher.Apply(basisFile, delta, output));
        }

        Assert.Equal([1, 2, 3, .. changed], File.ReadAllBytes(dir.File("new")));
    }

    [Fact]
    public void SignatureRoundTripsThroughReadAndWrite()
    {
        var basis = TestData.Random(100_000, 42);
        var parameters = SignatureParameters.Recommended(basis.Length, WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Md4, 300, 9);
        var written = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), written, parameters);
        var signature = Signature.ReadFrom(new MemoryStream(written.ToArray()));
        Assert.Equal(parameters, signature.Parameters);
        Assert.Equal(334, signature.BlockCount);
        var again = new MemoryStream();
        signature.WriteTo(again);
        Assert.Equal(written.ToArray(), again.ToArray());
    }

    [Fact]
    public void DeltaOfALargeStreamAllocatesFarLessThanTheStream()
    {
        const long size = 256L << 20;
        var basisBlock = TestData.Random(1 << 20, 43);
        // The basis is 1 MiB repeated; its signature is small. The new stream is generated on the fly.
        var parameters = SignatureParameters.Recommended(basisBlock.Length);
        var signatureBytes = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basisBlock), signatureBytes, parameters);
        var signature = Signature.ReadFrom(new MemoryStream(signatureBytes.ToArray()));
        _ = signature.Index;

        var output = new CountingStream();
        var before = GC.GetAllocatedBytesForCurrentThread();
        DeltaBuilder.Build(signature, new GeneratedStream(size, basisBlock), output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(output.Length > 0);
        Assert.True(allocated < 8 << 20, $"allocated {allocated} bytes for a {size}-byte stream");
    }

    /// <summary>A read-only stream of <c>length</c> bytes: the pattern repeated, with every 7th MiB shifted by one byte.</summary>
    private sealed class GeneratedStream(long length, byte[] pattern) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                var p = position + i;
                var mib = p >> 20;
                buffer[offset + i] = pattern[(int)((p + (mib % 7 == 3 ? 1 : 0)) % pattern.Length)];
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A sink that only counts what is written.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
    }

    /// <summary>A write-only stream that fails once more than a set number of bytes has been written to it.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        public const string Message = "disk full (test)";
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (length + count > failAfter)
            {
                throw new IOException(Message);
            }

            length += count;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(30_000, 30_000)]
    [InlineData(30_000, 100)]          // the file grew after the scan
    [InlineData(100, 30_000)]          // ...or shrank
    [InlineData(3 << 20, 3 << 20)]
    public void A_length_hint_changes_no_byte_of_the_signature(int length, int hint)
    {
        var basis = TestData.SemiCompressible(length, 66);
        var parameters = SignatureParameters.Recommended(hint);
        var unhinted = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), unhinted, parameters);

        var hinted = new MemoryStream();
        using (var builder = new SignatureBuilder(hinted, parameters, hint))
        {
            foreach (var piece in basis.Chunk(7_000))
            {
                builder.Append(piece);
            }

            builder.Complete();
        }

        Assert.Equal(unhinted.ToArray(), hinted.ToArray());
    }

    [Fact]
    public void A_basis_that_cannot_seek_is_read_front_to_back_when_the_delta_only_copies_forward()
    {
        var basis = TestData.SemiCompressible(300_000, 60);
        var changed = TestData.Insert(TestData.Delete(basis, 40_000, 7_000), 150_000, TestData.Random(4096, 61)) // cut, insert...
            .Concat(TestData.Random(1000, 62)).ToArray();                                                     // ...and append
        var delta = TestData.Delta(basis, changed, blockLength: 512);

        Assert.Equal(0, ForwardReadPlan.Scan(new MemoryStream(delta)).RetainedBytes);
        var output = new MemoryStream();
        DeltaPatcher.Apply(new ForwardOnlyStream(basis), new MemoryStream(delta), output);
        Assert.Equal(changed, output.ToArray());
    }

    [Theory]
    [InlineData("moved")]
    [InlineData("repeated")]
    public void Copies_that_go_back_are_served_from_the_ranges_the_plan_keeps(string shape)
    {
        // A moved block reads back a lot; repeated blocks (librsync maps them to their first occurrence) a little.
        var basis = shape == "moved" ? TestData.SemiCompressible(300_000, 63) : TestData.RepeatedBlocks(512, 600, 20, 64);
        byte[] changed = shape == "moved"
            ? [.. basis.AsSpan(200_000), .. basis.AsSpan(0, 200_000)]
            : TestData.Insert(basis, 150_000, TestData.Random(4096, 65));
        var delta = TestData.Delta(basis, changed, blockLength: 512);

        var plan = ForwardReadPlan.Scan(new MemoryStream(delta));
        Assert.InRange(plan.RetainedBytes, 1, shape == "moved" ? 200_000 : 20 * 512);
        var output = new MemoryStream();
        DeltaPatcher.Apply(new ForwardOnlyStream(basis), new MemoryStream(delta), output, plan);
        Assert.Equal(changed, output.ToArray());
    }
}
