using System.Reflection;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.Restore;

namespace Cairn.Cli.Tests.Startup;

/// <summary>
/// A restore's session is opened ahead, while Spectre.Console.Cli parses, only from a command line whose shape is
/// certain; anything else is left to the parser.
/// </summary>
public sealed class RestoreHeadStartTests
{
    [Fact]
    public void A_restore_with_a_target_is_read_ahead()
    {
        var settings = RestoreHeadStart.Read(["restore", "--path", "a/b", "--target", "file:///srv/t", "--time", "3D", "/out"]);

        Assert.NotNull(settings);
        Assert.Equal(("file:///srv/t", (string?)null, (string?)null), (settings.Target, settings.Profile, settings.CacheDirectory));
    }

    [Fact]
    public void A_restore_with_a_profile_and_options_written_with_equals_is_read_ahead()
    {
        var settings = RestoreHeadStart.Read(["restore", "--profile=nightly", "--cache-dir=/var/cache/c", "--path=x", "--path", "y", "/out"]);

        Assert.NotNull(settings);
        Assert.Equal(("nightly", (string?)null, "/var/cache/c"), (settings.Profile, settings.Target, settings.CacheDirectory));
    }

    [Fact]
    public void The_head_start_compares_every_target_option()
    {
        // RestoreHeadStart.Same compares these by hand: an option added here must be added there, and to Read.
        var options = typeof(TargetSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name).Order();

        Assert.Equal(["CacheDirectory", "Profile", "Source", "Target", "VolumeSize"], options);
    }

    [Theory]
    [InlineData("list", "--target", "file:///t")]
    [InlineData("restore", "--target", "file:///t")]
    [InlineData("restore", "--target", "file:///t", "/out", "/other")]
    [InlineData("restore", "--target", "file:///t", "--profile", "p", "/out")]
    [InlineData("restore", "--target", "file:///t", "--target", "file:///u", "/out")]
    [InlineData("restore", "/out")]
    [InlineData("restore", "--help")]
    [InlineData("restore", "--target", "file:///t", "--verbose", "/out")]
    [InlineData("restore", "/out", "--target")]
    [InlineData("restore", "--target", "file:///t", "--time", "yesterday-ish", "/out")]
    public void Anything_else_is_left_to_the_parser(params string[] args) =>
        Assert.Null(RestoreHeadStart.Read(args));
}
