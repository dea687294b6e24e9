using Cairn.Contracts.Streams;

namespace Cairn.Plugins.Backends;

/// <summary>
/// Passes reads through from another stream and counts the bytes, so a backend can compare what it sent
/// with the size the store reports before making an upload visible. Linked as source into the backends
/// that verify uploads (plugins share no assembly but the contracts). Does not own the inner stream.
/// </summary>
internal sealed class CountingReadStream : ForwardReadStream
{
    private readonly Stream _inner;

    /// <param name="inner">The content to upload; left open.</param>
    public CountingReadStream(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>How many bytes were read so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesRead += read;
        return read;
    }

}
