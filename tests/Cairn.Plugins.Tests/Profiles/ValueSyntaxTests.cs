using Cairn.Hosting.Profiles;

namespace Cairn.Plugins.Tests.Profiles;

public sealed class ValueSyntaxTests
{
    [Theory]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("64k", 65536L)]
    [InlineData("4096", 4096L)]
    [InlineData("10 mb", 10_000_000L)]
    [InlineData("2TiB", 2L << 40)]
    public void Sizes_parse(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("12 parsecs")]
    [InlineData("1.5B")]
    [InlineData("-1MiB")]
    [InlineData("99999999999TiB")]
    public void Non_sizes_are_refused(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData(256L << 20, "256MiB")]
    [InlineData(1_000_000_000L, "1GB")]
    [InlineData(1000L, "1KB")]
    [InlineData(1001L, "1001B")]
    public void Sizes_format_exactly(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData("30D", 30 * 24 * 3600)]
    [InlineData("2W", 14 * 24 * 3600)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("6M", 180 * 24 * 3600)]
    [InlineData("1Y", 365 * 24 * 3600)]
    [InlineData("90s", 90)]
    [InlineData("7d", 7 * 24 * 3600)]
    public void Durations_parse(string text, long seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("30 days")]
    [InlineData("D")]
    [InlineData("0D")]
    [InlineData("3x")]
    [InlineData("1.5h")]
    public void Non_durations_are_refused(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData("compresion", "compression")]
    [InlineData("exlcude", "exclude")]
    [InlineData("SOURCE", "source")]
    [InlineData("volume_size", "volume-size")]
    public void Typos_get_the_nearest_key(string typo, string expected) =>
        Assert.Equal(expected, NameSuggestions.Closest(typo, ["name", "source", "exclude", "compression", "volume-size"]));

    [Fact]
    public void Unrelated_names_get_no_suggestion() =>
        Assert.Null(NameSuggestions.Closest("zstandard", ["zstd", "gzip", "brotli", "none"]));

    [Theory]
    [InlineData("ca", "ac", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_edits_and_swaps(string a, string b, int expected) =>
        Assert.Equal(expected, NameSuggestions.Distance(a, b));

    [Theory]
    [InlineData(30 * 86400, "30D")]
    [InlineData(14 * 86400, "2W")]
    [InlineData(36 * 3600, "1D12h")]
    [InlineData(5400, "1h30m")]
    [InlineData(90, "1m30s")]
    public void Durations_format_in_the_same_notation(long seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(DurationText.TryParse(expected, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}
