namespace Cairn.Contracts.Backends;

/// <summary>
/// An upload that never finished: what a write left on the store when its process was killed or its connection
/// died before the upload became the object. It is no object (listings hide it) and nothing reads it, but it takes
/// room on the store until it is removed.
/// </summary>
/// <param name="Name">
/// Where the upload lies, relative to the store's root: the temporary object itself (for example
/// <c>full-20260101T000000Z/.cairn-partial-3fa29c</c>) for stores that upload to a hidden name, or the name of the
/// object it was writing for stores that keep the upload apart (an S3 multipart upload). What <c>cleanup</c> shows.
/// </param>
/// <param name="Size">The bytes it holds on the store.</param>
/// <param name="LastModified">When it was last written (or, for an S3 multipart upload, started), when the store says.</param>
public sealed record PartialUpload(string Name, long Size, DateTimeOffset? LastModified = null)
{
    /// <summary>
    /// The store's own id of the upload when <see cref="Name"/> alone does not tell it apart, as with S3, where several
    /// multipart uploads of one key can be open at once; <see langword="null"/> for stores whose uploads are files.
    /// </summary>
    public string? UploadId { get; init; }
}
