namespace Cairn.Contracts.Streams;

/// <summary>
/// A read-only stream that only goes forward: the shape of what a backend's <c>OpenReadAsync</c> returns and
/// of most wrappers around it. It answers everything such a stream cannot do, as <see cref="Stream"/>
/// prescribes (<see cref="NotSupportedException"/> for length, seeking and writing; flushing does nothing),
/// so a subclass holds only its reads: it overrides <see cref="Stream.Read(Span{byte})"/> and, when it has
/// real asynchronous work, <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/>, each with the
/// array overload that calls it.
/// </summary>
public abstract class ForwardReadStream : Stream
{
    /// <inheritdoc />
    public sealed override bool CanRead => true;

    /// <inheritdoc />
    public sealed override bool CanSeek => false;

    /// <inheritdoc />
    public sealed override bool CanWrite => false;

    /// <summary>Not supported: a forward-only stream need not know where it ends.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException($"{GetType().Name} is read front to back and has no length.");

    /// <summary>Not supported, unless a subclass reports how far it has read (setting it is never supported).</summary>
    /// <exception cref="NotSupportedException">Unless overridden.</exception>
    public override long Position
    {
        get => throw new NotSupportedException($"{GetType().Name} is read front to back.");
        set => throw new NotSupportedException($"{GetType().Name} is read front to back.");
    }

    /// <summary>Does nothing: there is nothing to write.</summary>
    public sealed override void Flush()
    {
    }

    /// <summary>Does nothing: there is nothing to write.</summary>
    public sealed override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException($"{GetType().Name} is read front to back.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override void SetLength(long value) => throw new NotSupportedException($"{GetType().Name} is read-only.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{GetType().Name} is read-only.");
}
