using Cairn.Contracts.Backends;

namespace Cairn.Testing.Backends;

/// <summary>
/// A backend that passes every call on to another, as the host's wrapper does (objects written in place included).
/// A test's backend derives from it and overrides only the calls it counts, holds back or fails.
/// </summary>
/// <param name="inner">The backend the calls go to; disposed with this one.</param>
public abstract class DelegatingBackend(IBackend inner) : IBackend
{
    /// <summary>The backend the calls go to.</summary>
    protected IBackend Inner => inner;

    /// <inheritdoc />
    public virtual BackendCapabilities Capabilities => inner.Capabilities;

    /// <inheritdoc />
    public virtual IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public virtual Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        inner.StatAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        inner.OpenReadAsync(name, offset, length, cancellationToken);

    /// <inheritdoc />
    public virtual Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(name, content, cancellationToken);

    /// <inheritdoc />
    public virtual IObjectWriter? OpenObjectWriter(string name) => inner.OpenObjectWriter(name);

    /// <inheritdoc />
    public virtual Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        inner.RenameAsync(source, destination, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
    }
}
