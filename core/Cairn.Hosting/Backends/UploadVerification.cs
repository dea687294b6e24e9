namespace Cairn.Hosting.Backends;

/// <summary>What <see cref="ResilientBackend"/> checks after a write succeeded.</summary>
public enum UploadVerification
{
    /// <summary>Nothing beyond the backend's own answer.</summary>
    None,

    /// <summary>The store's size of the object equals the bytes sent (one stat per write).</summary>
    Size,

    /// <summary>
    /// The size, and the SHA-256 of the object read back equals the SHA-256 of the bytes sent. Reads every
    /// object once more; worth it for stores that do not check uploads themselves
    /// (without <see cref="Cairn.Contracts.Backends.BackendCapabilities.ServerSideHash"/>).
    /// </summary>
    SizeAndContent,
}
