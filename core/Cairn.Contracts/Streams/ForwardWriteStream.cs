namespace Cairn.Contracts.Streams;

/// <summary>
/// A write-only stream that only goes forward: the shape of an object or an entry written front to back, and of the
/// wrappers that count, hash or translate what goes through. The twin of <see cref="ForwardReadStream"/>: it answers
/// everything such a stream cannot do, as <see cref="Stream"/> prescribes (<see cref="NotSupportedException"/> for
/// reading, seeking and, unless a subclass counts its bytes, length and position; flushing does nothing unless
/// overridden), so a subclass holds only its writes: it overrides <see cref="Write(ReadOnlySpan{byte})"/>, which the
/// array overload calls, and, when it has real asynchronous work, <see cref="Stream.WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.
/// </summary>
public abstract class ForwardWriteStream : Stream
{
    /// <inheritdoc />
    public sealed override bool CanRead => false;

    /// <inheritdoc />
    public sealed override bool CanSeek => false;

    /// <summary>True, unless a subclass says it is closed to writes.</summary>
    public override bool CanWrite => true;

    /// <summary>Not supported, unless a subclass counts what was written.</summary>
    /// <exception cref="NotSupportedException">Unless overridden.</exception>
    public override long Length => throw new NotSupportedException($"{GetType().Name} is written front to back and has no length.");

    /// <summary>Not supported, unless a subclass reports how far it has written (setting it is never supported).</summary>
    /// <exception cref="NotSupportedException">Unless overridden.</exception>
    public override long Position
    {
        get => throw new NotSupportedException($"{GetType().Name} is written front to back.");
        set => throw new NotSupportedException($"{GetType().Name} is written front to back.");
    }

    /// <inheritdoc />
    public abstract override void Write(ReadOnlySpan<byte> buffer);

    /// <summary>Writes through <see cref="Write(ReadOnlySpan{byte})"/>.</summary>
    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Writes through <see cref="Write(ReadOnlySpan{byte})"/>.</summary>
    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Does nothing, unless a subclass holds written bytes back.</summary>
    public override void Flush()
    {
    }

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{GetType().Name} is write-only.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException($"{GetType().Name} is written front to back.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override void SetLength(long value) => throw new NotSupportedException($"{GetType().Name} is written front to back.");
}
