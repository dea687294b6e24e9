using Cairn.Contracts.Backends;
using Cairn.Testing.Backends;

namespace Cairn.Engine.Tests.Support;

/// <summary>
/// A real backend whose interrupted uploads cannot be listed, or cannot be removed, as a store that lacks the request
/// or refuses it would answer; everything else goes to the backend it wraps.
/// </summary>
public sealed class UploadsFailingBackend(IBackend inner, bool listingFails) : DelegatingBackend(inner), IPartialUploads
{
    public IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync(CancellationToken cancellationToken = default) =>
        listingFails
            ? throw new BackendException("the store does not support the listing of uploads", isTransient: false)
            : ((IPartialUploads)Inner).ListPartialUploadsAsync(cancellationToken);

    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default) =>
        throw new BackendException($"the store refused to remove {upload.Name}", isTransient: false);
}
