using Cairn.Contracts.Backends;
using Cairn.Plugins.Rclone;

namespace Cairn.Backends.Tests.Rclone;

/// <summary>What the rclone backend accepts in its URL and options, before any rclone runs.</summary>
public sealed class RcloneTargetTests
{
    private static BackendSettings Settings(string url, Dictionary<string, string>? options = null) =>
        new(new Uri(url), options ?? [], _ => null);

    [Theory]
    [InlineData("--webdav-pass SUPERSECRET99", "--webdav-pass")]
    [InlineData("--transfers 4 --s3-secret-access-key=SUPERSECRET99", "--s3-secret-access-key")]
    [InlineData("--b2-key SUPERSECRET99", "--b2-key")]
    [InlineData("--s3-session-token=SUPERSECRET99", "--s3-session-token")]
    public void A_flag_that_carries_a_secret_is_refused_without_repeating_it(string flags, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => RcloneTarget.FromSettings(Settings("rclone::local:/srv/backup", new() { ["flags"] = flags })));
        Assert.Contains($"\"{named}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("rclone.conf", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SUPERSECRET99", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--transfers 4 --drive-chunk-size 64M")]
    [InlineData("--sftp-key-file /home/me/.ssh/id_ed25519")]
    [InlineData("--password-command pass-show-rclone")]
    [InlineData("--s3-sse-kms-key-id arn:aws:kms:example")]
    public void Flags_without_a_secret_are_passed_on(string flags)
    {
        var target = RcloneTarget.FromSettings(Settings("rclone::local:/srv/backup", new() { ["flags"] = flags }));
        Assert.Equal(flags.Split(' '), target.ExtraFlags);
    }

    [Theory]
    [InlineData("rclone::local:/srv/backup", "/srv/backup")]
    [InlineData("rclone::local:/srv/backup/", "/srv/backup")]
    [InlineData("rclone:mydrive:backups", null)]
    [InlineData("rclone::local:relative/backup", null)]
    [InlineData("rclone::sftp,host=nas:/srv/backup", null)]
    public void Only_the_on_the_fly_local_remote_names_a_folder_of_this_machine(string url, string? folder) =>
        Assert.Equal(folder, RcloneTarget.FromSettings(Settings(url)).LocalFolder);

    [Fact]
    public void A_connection_string_with_a_secret_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RcloneTarget.FromSettings(Settings("rclone::s3,secret_access_key=SUPERSECRET99:bucket")));
        Assert.Contains("secret_access_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SUPERSECRET99", error.Message, StringComparison.Ordinal);
    }
}
