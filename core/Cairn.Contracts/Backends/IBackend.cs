namespace Cairn.Contracts.Backends;

/// <summary>
/// A flat store of named objects. Names are relative, use <c>/</c> as separator, never start with
/// <c>/</c>, and never contain <c>.</c> or <c>..</c> segments. Implementations are thread-safe: the engine
/// runs several transfers at once.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="BackendException"/> subclass whose <see cref="BackendException.IsTransient"/>
/// says whether retrying can help. Messages never contain credentials.
/// </remarks>
public interface IBackend : IAsyncDisposable
{
    /// <summary>What the store can do beyond the basics.</summary>
    BackendCapabilities Capabilities { get; }

    /// <summary>Lists the objects whose names start with <paramref name="prefix"/> (empty for all), in no particular order.</summary>
    /// <exception cref="BackendRootNotAFolderException">
    /// The store's root is a file, where a store has folders: not an empty listing, which would tell the user
    /// that the backups are gone. A root that does not exist lists nothing.
    /// </exception>
    IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Returns an object's size, or <see langword="null"/> when it does not exist.</summary>
    Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens an object for reading from <paramref name="offset"/>, for <paramref name="length"/> bytes
    /// or to the end when <see langword="null"/>. The returned stream is read-only and forward-only.
    /// </summary>
    /// <exception cref="BackendNotFoundException">The object does not exist.</exception>
    Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an object from <paramref name="content"/>, read to its end, replacing any object of the
    /// same name. Atomic: a reader sees the old object, or no object, or the whole new one; never a part.
    /// When this returns, the object is durable.
    /// </summary>
    /// <exception cref="BackendRootNotAFolderException">The store's root is a file, where a store has folders.</exception>
    Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Optional: opens <paramref name="name"/> to be written where it will stay, for a store whose objects are files on
    /// this machine. The engine then writes each volume once, into the store, instead of staging it on local disk and
    /// copying it with <see cref="WriteAsync"/>. Returns <see langword="null"/> (the default) when the store cannot:
    /// the engine stages and copies. A wrapper around another backend passes the call on.
    /// </summary>
    /// <param name="name">The object's name.</param>
    /// <exception cref="BackendRootNotAFolderException">The store's root is a file, where a store has folders.</exception>
    /// <exception cref="BackendException">The store could not start the object.</exception>
    IObjectWriter? OpenObjectWriter(string name) => null;

    /// <summary>Deletes an object. Deleting an object that does not exist is not an error.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Renames an object, replacing <paramref name="destination"/>. Only when <see cref="BackendCapabilities.Rename"/> is set.</summary>
    /// <exception cref="NotSupportedException">The store cannot rename.</exception>
    /// <exception cref="BackendNotFoundException"><paramref name="source"/> does not exist.</exception>
    Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default);
}
