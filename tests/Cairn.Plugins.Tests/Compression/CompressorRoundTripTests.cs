using Cairn.Contracts.Compression;
using Cairn.Plugins.Brotli;
using Cairn.Plugins.Gzip;
using Cairn.Plugins.NoCompression;
using Cairn.Plugins.Zstd;

namespace Cairn.Plugins.Tests.Compression;

public class CompressorRoundTripTests
{
    // zstd twice: the system's libzstd (required here: test.sh installs libzstd1) and ZstdSharp.
    public static TheoryData<string> Providers => new() { "zstd-system", "zstd-managed", "gzip", "brotli", "none" };

    private static ICompressorProvider Provider(string id) => id switch
    {
        "zstd" => new ZstdCompressorProvider(),
        "zstd-system" => new ZstdCompressorProvider(ZstdImplementation.System),
        "zstd-managed" => new ZstdCompressorProvider(ZstdImplementation.Managed),
        "gzip" => new GzipCompressorProvider(),
        "brotli" => new BrotliCompressorProvider(),
        _ => new NoCompressionProvider(),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Round_trips_empty_small_and_frame_sized_inputs(string id)
    {
        using var compressor = Provider(id).Create();
        foreach (var length in new[] { 0, 1, 1000, 1 << 20 })
        {
            var data = CompressibleData.Create(length, length);
            var packed = new byte[compressor.GetMaxCompressedLength(length)];
            var written = compressor.Compress(data, packed);
            var unpacked = new byte[length];
            compressor.Decompress(packed.AsSpan(0, written), unpacked);
            Assert.Equal(data, unpacked);
            if (id != "none" && length >= 1000)
            {
                Assert.True(written < length / 2, $"{id} compressed {length} bytes to {written}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Rejects_a_frame_that_decompresses_to_the_wrong_size(string id)
    {
        using var compressor = Provider(id).Create();
        var data = CompressibleData.Create(5000, 1);
        var packed = new byte[compressor.GetMaxCompressedLength(data.Length)];
        var written = compressor.Compress(data, packed);
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(packed.AsSpan(0, written), new byte[data.Length + 1]));
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(packed.AsSpan(0, written), new byte[data.Length - 1]));
    }

    [Theory]
    [InlineData("zstd-system")]
    [InlineData("zstd-managed")]
    [InlineData("gzip")]
    [InlineData("brotli")]
    public void Rejects_corrupt_frames_with_InvalidDataException(string id)
    {
        using var compressor = Provider(id).Create();
        var data = CompressibleData.Create(20_000, 2);
        var packed = new byte[compressor.GetMaxCompressedLength(data.Length)];
        var written = compressor.Compress(data, packed);
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var corrupt = packed.AsSpan(0, written).ToArray();
            corrupt[random.Next(corrupt.Length)] ^= (byte)(1 << random.Next(8));
            var output = new byte[data.Length];
            try
            {
                compressor.Decompress(corrupt, output);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            // A flip the codec cannot see (no checksum in the frame) must at least not crash; the
            // archive format's own authentication catches it.
        }
    }

    [Theory]
    [InlineData("zstd", 0)]
    [InlineData("zstd", 20)]
    [InlineData("gzip", 10)]
    [InlineData("brotli", 12)]
    [InlineData("none", 1)]
    public void Rejects_levels_out_of_range(string id, int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Provider(id).Create(level));
}
