using Cairn.Contracts.Backends;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>A scratch store that deletes every object it holds when disposed, then disposes the backend.</summary>
internal sealed class SelfCleaningBackend(IBackend inner) : IBackend
{
    public BackendCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(name, offset, length, cancellationToken);

    public Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default) => inner.WriteAsync(name, content, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);

    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        inner.RenameAsync(source, destination, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            var names = new List<string>();
            await foreach (var item in inner.ListAsync("").ConfigureAwait(false))
            {
                names.Add(item.Name);
            }

            foreach (var name in names)
            {
                await inner.DeleteAsync(name).ConfigureAwait(false);
            }
        }
        finally
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
