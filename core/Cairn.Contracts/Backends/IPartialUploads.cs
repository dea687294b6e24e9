namespace Cairn.Contracts.Backends;

/// <summary>
/// Optional: a backend that can find and remove the uploads its writes left unfinished. A write goes to a hidden
/// temporary name (or an S3 multipart upload) and becomes the object only when complete; when its process is
/// killed or its connection dies first, the temporary upload stays on the store for good: listings hide it, so
/// nothing else would ever report or remove it, and it costs the user storage. <c>cairn cleanup</c> lists these
/// uploads, and removes them with <c>--force</c> while it holds the target's lock (every writer holds that lock,
/// so an upload found then belongs to a process that is gone).
/// </summary>
/// <remarks>
/// The host checks for it with a type test on the opened <see cref="IBackend"/>; a backend without it is simply not
/// asked, and its leftovers stay where they are. Failures are <see cref="BackendException"/>s, as in
/// <see cref="IBackend"/>.
/// </remarks>
public interface IPartialUploads
{
    /// <summary>
    /// Lists the uploads in progress or left unfinished anywhere under the store's root, in no particular order. The
    /// store cannot tell an upload a live writer is still sending from one a dead writer left: only the caller can,
    /// by holding the target's lock.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="BackendException">The store could not be listed; <see cref="BackendException.IsTransient"/> says whether a retry can help.</exception>
    IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes one upload that <see cref="ListPartialUploadsAsync"/> returned. Removing one that is gone already is
    /// not an error (a retried call may find its first attempt did the work). Never touches an object: a name that
    /// is not one of the backend's partial uploads is refused, so this cannot delete what a listing shows.
    /// </summary>
    /// <param name="upload">The upload, as listed.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <exception cref="ArgumentException"><paramref name="upload"/> does not name a partial upload of this backend.</exception>
    /// <exception cref="BackendException">The store refused or failed the removal.</exception>
    Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default);
}
