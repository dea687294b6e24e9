using Cairn.Engine.Repository;

namespace Cairn.Engine.Tests.Repository;

public class SetNameTests
{
    [Fact]
    public void Names_round_trip_and_truncate_to_seconds()
    {
        var name = SetName.Create(SetKind.Incremental, new DateTimeOffset(2026, 11, 26, 4, 15, 0, 999, TimeSpan.FromHours(1)));
        Assert.Equal("inc-20261126T031500Z", name.ToString());
        Assert.True(SetName.TryParse("inc-20261126T031500Z", out var parsed));
        Assert.Equal(name, parsed);
        Assert.Equal("inc-20261126T031500Z/", parsed.Prefix);
    }

    [Theory]
    [InlineData("locks")]
    [InlineData("full-2026")]
    [InlineData("diff-20261126T031500Z")]
    [InlineData("full-20261326T031500Z")]
    public void Other_folder_names_are_not_sets(string text) => Assert.False(SetName.TryParse(text, out _));
}
