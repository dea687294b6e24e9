using Cairn.Contracts.Streams;

namespace Cairn.Plugins.Backends;

/// <summary>
/// A read-only, forward-only view of at most <c>length</c> bytes of an already positioned stream: what a
/// ranged read returns. Linked as source into the backends that need it (plugins share no assembly but
/// the contracts).
/// </summary>
internal sealed class ReadWindowStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly IDisposable? _alsoDispose;
    private readonly Func<Exception, Exception?>? _translate;
    private long _remaining;
    private long _position;

    /// <param name="inner">The stream, positioned at the window's start; disposed with this one.</param>
    /// <param name="length">How many bytes the window holds at most.</param>
    /// <param name="alsoDispose">Something else to release when the reader is done, such as a connection lease.</param>
    /// <param name="translate">
    /// Maps a failure of <paramref name="inner"/> (a dropped connection, say) to the backend's typed error, or
    /// returns null for one it does not know. Reads throw the mapped error, so the host can tell that a retry
    /// helps; a failure it maps while closing <paramref name="inner"/> is ignored, since the bytes read stand.
    /// </param>
    public ReadWindowStream(Stream inner, long length, IDisposable? alsoDispose = null, Func<Exception, Exception?>? translate = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _inner = inner;
        _remaining = length;
        _alsoDispose = alsoDispose;
        _translate = translate;
    }


    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        }
        catch (Exception e) when (_translate?.Invoke(e) is { } mapped)
        {
            throw mapped;
        }

        Advance(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_translate?.Invoke(e) is { } mapped)
        {
            throw mapped;
        }

        Advance(read);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _inner.Dispose();
            }
            catch (Exception e) when (_translate?.Invoke(e) is not null)
            {
                // Closing the remote file over a connection that dropped after the last read: nothing is lost.
            }
            finally
            {
                _alsoDispose?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (_translate?.Invoke(e) is not null)
        {
            // As in Dispose: a failed close after the reads changes nothing for the reader.
        }
        finally
        {
            _alsoDispose?.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Advance(int read)
    {
        // A stream that ends early (the object shrank under us) just ends the window early.
        _remaining = read == 0 ? 0 : _remaining - read;
        _position += read;
    }
}
