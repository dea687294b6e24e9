using System.Reflection;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;

namespace Cairn.Cli.Tests.Startup;

/// <summary>
/// A restore's or a backup's session is opened ahead, while Spectre.Console.Cli parses, only from a command line whose
/// shape is certain; anything else is left to the parser.
/// </summary>
public sealed class HeadStartTests
{
    [Fact]
    public void A_restore_with_a_target_is_read_ahead()
    {
        var settings = HeadStarts.ReadRestore(["restore", "--path", "a/b", "--target", "file:///srv/t", "--time", "3D", "/out"]);

        Assert.NotNull(settings);
        Assert.Equal(("file:///srv/t", (string?)null, (string?)null), (settings.Target, settings.Profile, settings.CacheDirectory));
    }

    [Fact]
    public void A_restore_that_may_overwrite_is_read_ahead()
    {
        var settings = HeadStarts.ReadRestore(["restore", "--overwrite", "--target", "file:///srv/t", "/out"]);

        Assert.NotNull(settings);
        Assert.Equal("file:///srv/t", settings.Target);
    }

    [Fact]
    public void A_restore_with_a_profile_and_options_written_with_equals_is_read_ahead()
    {
        var settings = HeadStarts.ReadRestore(["restore", "--profile=nightly", "--cache-dir=/var/cache/c", "--path=x", "--path", "y", "/out"]);

        Assert.NotNull(settings);
        Assert.Equal(("nightly", (string?)null, "/var/cache/c"), (settings.Profile, settings.Target, settings.CacheDirectory));
    }

    [Fact]
    public void A_full_backup_is_read_ahead_with_its_flags()
    {
        var read = HeadStarts.ReadBackup(["backup", "--full", "--source", "/home/me", "--target", "file:///srv/t", "--json"]);

        Assert.NotNull(read);
        var (settings, full, dryRun) = read.Value;
        Assert.Equal(("file:///srv/t", "/home/me", true, false), (settings.Target, settings.Source, full, dryRun));
    }

    [Fact]
    public void A_dry_run_of_a_profile_is_read_ahead_as_one()
    {
        var read = HeadStarts.ReadBackup(["backup", "--dry-run", "--profile=nightly", "--volume-size", "16MiB"]);

        Assert.NotNull(read);
        var (settings, full, dryRun) = read.Value;
        Assert.Equal(("nightly", "16MiB", false, true), (settings.Profile, settings.VolumeSize, full, dryRun));
    }

    [Theory]
    [InlineData("status", "--target", "file:///srv/t")]
    [InlineData("status", "--json", "--target=file:///srv/t")]
    [InlineData("list", "--target", "file:///srv/t", "--time", "2D", "--json")]
    public void Status_and_list_are_read_ahead(params string[] args) =>
        Assert.Equal("file:///srv/t", HeadStarts.ReadInspection(args)?.Target);

    [Theory]
    [InlineData("status")]
    [InlineData("status", "--target", "file:///t", "extra")]
    [InlineData("status", "--target", "file:///t", "--time", "2D")]
    [InlineData("list", "--target", "file:///t", "--time", "yesterday-ish")]
    [InlineData("list", "--target", "file:///t", "--full")]
    [InlineData("verify", "--target", "file:///t")]
    public void Any_other_status_or_list_is_left_to_the_parser(params string[] args) =>
        Assert.Null(HeadStarts.ReadInspection(args));

    [Fact]
    public void A_run_of_a_profile_is_read_ahead_as_a_backup()
    {
        var read = HeadStarts.ReadBackup(["run", "--full", "/etc/cairn/nightly.yaml", "--cache-dir", "/var/cache/c"]);

        Assert.NotNull(read);
        var (settings, full, dryRun) = read.Value;
        Assert.Equal(("/etc/cairn/nightly.yaml", (string?)null, "/var/cache/c", true, false), (settings.Profile, settings.Target, settings.CacheDirectory, full, dryRun));
    }

    [Fact]
    public void The_head_start_compares_every_target_option()
    {
        // SessionHeadStart.Same compares these by hand, and HeadStarts reads them: an option added here must be added there.
        var options = typeof(TargetSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name).Order();

        Assert.Equal(["CacheDirectory", "Profile", "Source", "Target", "VolumeSize"], options);
    }

    [Fact]
    public void Settings_that_differ_in_any_option_do_not_take_the_session()
    {
        var settings = new TargetSettings { Profile = "p", Source = "/s", VolumeSize = "1MiB", CacheDirectory = "/c" };
        Assert.True(SessionHeadStart<bool>.Same(settings, new TargetSettings { Profile = "p", Source = "/s", VolumeSize = "1MiB", CacheDirectory = "/c" }));

        TargetSettings[] others =
        [
            new() { Target = "p", Source = "/s", VolumeSize = "1MiB", CacheDirectory = "/c" },
            new() { Profile = "q", Source = "/s", VolumeSize = "1MiB", CacheDirectory = "/c" },
            new() { Profile = "p", Source = "/t", VolumeSize = "1MiB", CacheDirectory = "/c" },
            new() { Profile = "p", Source = "/s", VolumeSize = "2MiB", CacheDirectory = "/c" },
            new() { Profile = "p", Source = "/s", VolumeSize = "1MiB" },
        ];
        Assert.All(others, other => Assert.False(SessionHeadStart<bool>.Same(settings, other)));
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
    [InlineData("restore", "--full", "--target", "file:///t", "/out")]
    public void Any_other_restore_is_left_to_the_parser(params string[] args) =>
        Assert.Null(HeadStarts.ReadRestore(args));

    [Theory]
    [InlineData("backup")]
    [InlineData("backup", "--source", "/s")]
    [InlineData("backup", "--target", "file:///t", "--profile", "p")]
    [InlineData("backup", "--target", "file:///t", "extra")]
    [InlineData("backup", "--target", "file:///t", "--full", "true")]
    [InlineData("backup", "--target", "file:///t", "--full", "--full")]
    [InlineData("backup", "--target", "file:///t", "--full=true")]
    [InlineData("backup", "--target", "file:///t", "--path", "x")]
    [InlineData("backup", "--target")]
    [InlineData("backup", "--help")]
    [InlineData("run")]
    [InlineData("run", "nightly", "other")]
    [InlineData("run", "nightly", "--target", "file:///t")]
    [InlineData("run", "nightly", "--json")]
    [InlineData("restore", "--target", "file:///t", "/out")]
    public void Any_other_backup_is_left_to_the_parser(params string[] args) =>
        Assert.Null(HeadStarts.ReadBackup(args));
}
