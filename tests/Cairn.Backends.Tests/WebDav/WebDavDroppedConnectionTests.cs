using Cairn.Backends.Tests.Resilience;
using Cairn.Contracts.Backends;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>The webdav backend when the connection to a live <c>rclone serve webdav</c> drops during a read.</summary>
public sealed class WebDavDroppedConnectionTests(RcloneWebDavServer server) : IClassFixture<RcloneWebDavServer>
{
    [Fact]
    public async Task A_read_whose_connection_drops_resumes()
    {
        await using var proxy = new DroppingTcpProxy(server.Port);
        var url = new UriBuilder(server.NewStoreUrl()) { Port = proxy.Port }.Uri;
        var store = new WebDavBackendProvider().Open(new BackendSettings(url, new Dictionary<string, string>(), _ => null));
        await DroppedConnections.ReadResumesAfterDroppedConnectionsAsync(store, proxy);
    }
}
