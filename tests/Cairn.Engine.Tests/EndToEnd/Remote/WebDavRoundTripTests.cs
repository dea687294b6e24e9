using Cairn.Testing.Servers;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>Backup, incremental and restores through the webdav plugin, on a live <c>rclone serve webdav</c>.</summary>
public sealed class WebDavRoundTripTests(RcloneWebDavServer server, ITestOutputHelper output) : IClassFixture<RcloneWebDavServer>
{
    [Fact]
    public Task A_backup_an_incremental_and_single_file_restores_round_trip_over_webdav() =>
        RemoteRoundTrip.RunAsync("webdav", server.NewStoreUrl(), new Dictionary<string, string>(), output);
}
