using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends.Conformance;
using Cairn.Plugins.Local;
using Cairn.Testing;

namespace Cairn.Backends.Tests.Local;

/// <summary>Running the conformance checks the way <c>cairn plugins test --url</c> does: scratch folders inside one live store.</summary>
public sealed class ScratchStoresTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-scratch");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_check_passes_in_scratch_folders_of_a_live_store_and_leaves_no_object_behind()
    {
        var live = new Uri(Path.Combine(_directory.Path, "live store"));
        var opened = new List<Uri>();
        var conformance = new BackendConformance(ScratchStores.Under(live, url =>
        {
            opened.Add(url);
            return new LocalBackendProvider().Open(new BackendSettings(url, new Dictionary<string, string>(), _ => null));
        }), new BackendConformanceOptions { LargeObjectSize = 6 << 20 });

        foreach (var check in conformance.Checks)
        {
            await check.RunAsync(CancellationToken.None);
        }

        Assert.Equal(conformance.Checks.Count, opened.Distinct().Count());
        Assert.All(opened, url => Assert.StartsWith(live.AbsoluteUri + "/" + ScratchStores.FolderPrefix, url.AbsoluteUri, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(live.LocalPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_failing_check_names_what_was_expected()
    {
        // A store that forgets what it was given: the whole-read check must fail, and say how.
        var conformance = new BackendConformance(_ => Task.FromResult<IBackend>(new ForgetfulBackend(new LocalBackend(_directory.NewSubdirectory()))));
        var error = await Assert.ThrowsAsync<BackendConformanceException>(() => conformance.ReadsWholeObjectAsync());
        Assert.Contains("reading whole.bin: expected 100000 bytes, got 50000", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Stores only the first half of what it is given.</summary>
    private sealed class ForgetfulBackend(IBackend inner) : IBackend
    {
        public BackendCapabilities Capabilities => inner.Capabilities;
        public IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
        public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);
        public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, offset, length, cancellationToken);
        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
        public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) => inner.RenameAsync(source, destination, cancellationToken);
        public ValueTask DisposeAsync() => inner.DisposeAsync();

        public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            await inner.WriteAsync(name, new MemoryStream(buffer.ToArray()[..(int)(buffer.Length / 2)]), cancellationToken);
        }
    }
}
