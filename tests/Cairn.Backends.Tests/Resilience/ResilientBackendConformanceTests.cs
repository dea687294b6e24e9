using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends;
using Cairn.Plugins.Local;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Resilience;

/// <summary>
/// The whole backend contract through the resilient wrapper over a store that fails every third call
/// of each kind: the retries must make the failures invisible.
/// </summary>
public sealed class ResilientBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cairn-resilient");

    public void Dispose() => _directory.Dispose();

    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult<IBackend>(new ResilientBackend(
            new FlakyBackend(new LocalBackend(_directory.NewSubdirectory())) { FailEveryNth = 3, BreakReads = (1000, 2) },
            new ResilienceOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), SpoolDirectory = _directory.Path }));
}
