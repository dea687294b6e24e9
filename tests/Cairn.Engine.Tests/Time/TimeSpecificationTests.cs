using Cairn.Engine.Time;

namespace Cairn.Engine.Tests.Time;

public class TimeSpecificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("now")]
    [InlineData("NOW")]
    [InlineData(" now ")]
    public void Now_is_the_newest_backup_not_the_clock(string text)
    {
        Assert.Equal(TimeSpecification.Newest, TimeSpecification.Parse(text, Now));
        Assert.Equal(TimeSpecification.Newest, TimeSpecification.Parse(text, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("3D", 3 * 24 * 3600)]
    [InlineData("2W", 14 * 24 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1M", 30 * 24 * 3600)]
    [InlineData("1Y2D", 367 * 24 * 3600)]
    public void Intervals_mean_that_long_ago(string text, int secondsAgo) =>
        Assert.Equal(Now.AddSeconds(-secondsAgo), TimeSpecification.Parse(text, Now));

    [Theory]
    [InlineData("2026-11-20T03:15:00Z", "2026-11-20T03:15:00+00:00")]
    [InlineData("2026-11-20T03:15:00+01:00", "2026-11-20T02:15:00+00:00")]
    [InlineData("1764126900", "2025-11-26T03:15:00+00:00")]
    public void Absolute_times_parse(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeSpecification.Parse(text, Now));

    [Theory]
    [InlineData("2026-11-20")]
    [InlineData("2026/11/20")]
    [InlineData("11/20/2026")]
    public void Dates_are_local_midnight(string text) =>
        Assert.Equal(new DateTimeOffset(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Local)), TimeSpecification.Parse(text, Now));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("3")]
    [InlineData("3X")]
    [InlineData("D3")]
    [InlineData("9223372036854775807")] // seconds since the epoch, past the year 9999
    [InlineData("300000W")] // before the year 1
    [InlineData("1000000Y1000000Y")] // more than an interval holds
    public void Other_text_is_a_format_error_naming_the_formats(string text)
    {
        var error = Assert.Throws<FormatException>(() => TimeSpecification.Parse(text, Now));
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30D", "30 days")]
    [InlineData("1D", "1 day")]
    [InlineData("36h", "36 hours")]
    [InlineData("1h30m", "90 minutes")]
    [InlineData("45s", "45 seconds")]
    public void An_interval_is_described_in_the_largest_unit_that_divides_it(string text, string described)
    {
        var clock = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(described, TimeSpecification.Describe(clock - TimeSpecification.Parse(text, clock)));
    }
}
