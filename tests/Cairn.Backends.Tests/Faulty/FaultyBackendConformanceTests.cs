using Cairn.Contracts.Backends;
using Cairn.Plugins.Faulty;
using Cairn.Plugins.Local;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Faulty;

/// <summary>With no faults configured, the wrapper is transparent: it passes the whole contract over the local backend.</summary>
public sealed class FaultyBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cairn-faulty");

    public void Dispose() => _directory.Dispose();

    protected override Task<IBackend> OpenEmptyStoreAsync()
    {
        var settings = new BackendSettings(new Uri("faulty:" + new Uri(_directory.NewSubdirectory()).AbsoluteUri), new Dictionary<string, string> { ["failure-rate"] = "0" }, _ => null)
        {
            OpenBackend = (url, options) => new LocalBackendProvider().Open(new BackendSettings(url, options, _ => null)),
        };
        return Task.FromResult(new FaultyBackendProvider().Open(settings));
    }
}
