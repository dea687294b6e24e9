using Cairn.Plugins.Zstd;

namespace Cairn.Plugins.Tests.Compression;

/// <summary>
/// The zstd plugin's two implementations: the system's libzstd and ZstdSharp write different bytes but
/// standard frames, so an archive written on one machine restores on any other.
/// </summary>
public class ZstdImplementationTests
{
    public static TheoryData<int, int> LevelsAndLengths => new()
    {
        { 1, 0 }, { 1, 1 }, { 3, 100_000 }, { 3, 1 << 20 }, { 9, 300_000 }, { 19, 65_536 },
    };

    [Theory]
    [MemberData(nameof(LevelsAndLengths))]
    public void Each_implementation_reads_the_frames_of_the_other(int level, int length)
    {
        using var system = new ZstdCompressorProvider(ZstdImplementation.System).Create(level);
        using var managed = new ZstdCompressorProvider(ZstdImplementation.Managed).Create(level);
        var incompressible = new byte[length];
        new Random(length).NextBytes(incompressible);
        foreach (var data in new[] { CompressibleData.Create(length, level), incompressible })
        {
            foreach (var (writer, reader) in new[] { (system, managed), (managed, system) })
            {
                var frame = new byte[writer.GetMaxCompressedLength(length)];
                var written = writer.Compress(data, frame);
                var decoded = new byte[length];
                reader.Decompress(frame.AsSpan(0, written), decoded);
                Assert.Equal(data, decoded);
            }
        }
    }

    [Fact]
    public void Both_reserve_the_same_room_for_a_frame()
    {
        using var system = new ZstdCompressorProvider(ZstdImplementation.System).Create();
        using var managed = new ZstdCompressorProvider(ZstdImplementation.Managed).Create();
        foreach (var length in new[] { 0, 1, 1000, 1 << 20, 64 << 20 })
        {
            Assert.Equal(managed.GetMaxCompressedLength(length), system.GetMaxCompressedLength(length));
        }
    }

    [Fact]
    public void The_system_library_compresses_only_into_room_enough_for_the_worst_case()
    {
        using var system = new ZstdCompressorProvider(ZstdImplementation.System).Create();
        var data = CompressibleData.Create(10_000, 4);
        Assert.Throws<ArgumentException>(() => system.Compress(data, new byte[system.GetMaxCompressedLength(data.Length) - 1]));
    }

    [Theory]
    [InlineData(ZstdImplementation.Auto, null, ZstdImplementation.System)]
    [InlineData(ZstdImplementation.Auto, "", ZstdImplementation.System)]
    [InlineData(ZstdImplementation.Auto, "auto", ZstdImplementation.System)]
    [InlineData(ZstdImplementation.Auto, "managed", ZstdImplementation.Managed)]
    [InlineData(ZstdImplementation.Auto, "system", ZstdImplementation.System)]
    [InlineData(ZstdImplementation.Managed, "system", ZstdImplementation.Managed)]
    [InlineData(ZstdImplementation.System, "managed", ZstdImplementation.System)]
    public void Auto_prefers_the_system_library_unless_CAIRN_ZSTD_says_otherwise(ZstdImplementation requested, string? setting, ZstdImplementation expected) =>
        Assert.Equal(expected, ZstdCompressorProvider.Resolve(requested, setting));

    [Fact]
    public void An_unknown_CAIRN_ZSTD_is_refused_with_the_values_it_takes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ZstdCompressorProvider.Resolve(ZstdImplementation.Auto, "fast"));
        Assert.Equal("CAIRN_ZSTD='fast': expected 'system', 'managed' or 'auto'.", error.Message);
    }

    [Fact]
    public void The_description_names_the_library_in_use()
    {
        Assert.Matches(@"; system libzstd 1\.\d+\.\d+$", new ZstdCompressorProvider(ZstdImplementation.System).Description);
        Assert.EndsWith("; ZstdSharp", new ZstdCompressorProvider(ZstdImplementation.Managed).Description);
    }
}
