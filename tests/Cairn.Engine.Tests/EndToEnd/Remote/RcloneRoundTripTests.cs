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
}
