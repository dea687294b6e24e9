using Cairn.Contracts.Backends;
using Cairn.Plugins.Local;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Local;

/// <summary>The local backend against the whole backend contract, each test in a new folder.</summary>
public sealed class LocalBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cairn-local");

    public void Dispose() => _directory.Dispose();

    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult(new LocalBackendProvider().Open(new BackendSettings(new Uri(_directory.NewSubdirectory()), new Dictionary<string, string>(), _ => null)));
}
