namespace Cairn.Contracts.Backends;

/// <summary>
/// A new object being written in place, from <see cref="IBackend.OpenObjectWriter"/>. Nothing is visible under its
/// name until <see cref="CommitAsync"/> returns; disposed without a commit, it leaves nothing behind.
/// </summary>
/// <remarks>
/// Until the commit the bytes sit where the store keeps its unfinished uploads, so a writer whose process is killed
/// leaves one that <see cref="IPartialUploads"/> lists, as an interrupted <see cref="IBackend.WriteAsync"/> would.
/// Failures are <see cref="BackendException"/>s.
/// </remarks>
public interface IObjectWriter : IAsyncDisposable
{
    /// <summary>The object's bytes, written in order: write-only, not seekable.</summary>
    Stream Content { get; }

    /// <summary>
    /// Makes what was written to <see cref="Content"/> durable and the object visible under its name, replacing any
    /// object of that name, with <see cref="IBackend.WriteAsync"/>'s guarantees: atomic, and durable on return.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit; the object then may or may not exist, whole.</param>
    /// <exception cref="InvalidOperationException">The writer was committed already.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
