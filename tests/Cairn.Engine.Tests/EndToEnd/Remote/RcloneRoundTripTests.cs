using Cairn.Testing;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>Backup, incremental and restores through the rclone plugin (the rclone program), on rclone's on-the-fly local remote.</summary>
public sealed class RcloneRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-rclone-remote");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task A_backup_an_incremental_and_single_file_restores_round_trip_over_rclone() =>
        RemoteRoundTrip.RunAsync("rclone", new Uri("rclone::local:" + _directory.NewSubdirectory()), new Dictionary<string, string>(), output);

    [Fact]
    public async Task A_target_on_rclones_local_remote_inside_the_source_is_left_out()
    {
        var source = Directory.CreateDirectory(_directory.File("home")).FullName;
        File.WriteAllText(Path.Combine(source, "notes.txt"), "mine");
        var backup = await CairnProcess.RunAsync(
            ["backup", "--source", source, "--target", $"rclone::local:{source}/backups", "--cache-dir", _directory.File("cache")],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = "correct horse battery staple" });

        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("  left out backups/: this backup's target folder\n", backup.Output, StringComparison.Ordinal);
        Assert.Contains("files: 1 new,", backup.Output, StringComparison.Ordinal);
    }
}
