using Cairn.Contracts.Backends;
using Cairn.Plugins.Rclone;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Rclone;

/// <summary>The rclone backend against the whole backend contract, through rclone's on-the-fly local remote; each test in a new folder.</summary>
public sealed class RcloneBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cairn-rclone");

    public void Dispose() => _directory.Dispose();

    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult(new RcloneBackendProvider().Open(new BackendSettings(new Uri("rclone::local:" + _directory.NewSubdirectory()), new Dictionary<string, string>(), _ => null)));
}
