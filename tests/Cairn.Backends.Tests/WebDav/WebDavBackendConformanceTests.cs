using Cairn.Contracts.Backends;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>The webdav backend against the whole backend contract, on a live <c>rclone serve webdav</c>; each test in a new folder.</summary>
public sealed class WebDavBackendConformanceTests(RcloneWebDavServer server) : BackendConformanceTests, IClassFixture<RcloneWebDavServer>
{
    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult(new WebDavBackendProvider().Open(new BackendSettings(server.NewStoreUrl(), new Dictionary<string, string>(), _ => null)));
}
