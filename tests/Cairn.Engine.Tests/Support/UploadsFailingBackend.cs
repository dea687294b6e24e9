using Cairn.Contracts.Backends;

namespace Cairn.Engine.Tests.Support;

/// <summary>
/// A real backend whose interrupted uploads cannot be listed, or cannot be removed, as a store that lacks the request
/// or refuses it would answer; everything else goes to the backend it wraps.
/// </summary>
public sealed class UploadsFailingBackend(IBackend inner, bool listingFails) : IBackend, IPartialUploads
{
    public BackendCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(name, offset, length, cancellationToken);

    public Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default) => inner.WriteAsync(name, content, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);

    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) => inner.RenameAsync(source, destination, cancellationToken);

    public IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync(CancellationToken cancellationToken = default) =>
        listingFails
            ? throw new BackendException("the store does not support the listing of uploads", isTransient: false)
            : ((IPartialUploads)inner).ListPartialUploadsAsync(cancellationToken);

    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default) =>
        throw new BackendException($"the store refused to remove {upload.Name}", isTransient: false);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
