using Cairn.Contracts.Backends;
using Cairn.Plugins.SampleBackend;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Sample;

/// <summary>The sample plugin passes the whole backend contract: what docs/plugin-authors.md tells every plugin to do.</summary>
public sealed class SampleBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cairn-sample");

    public void Dispose() => _directory.Dispose();

    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult(new SampleBackendProvider().Open(new BackendSettings(new Uri("sample://" + _directory.NewSubdirectory()), new Dictionary<string, string>(), _ => null)));
}
