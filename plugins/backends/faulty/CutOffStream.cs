using Cairn.Contracts.Backends;
using Cairn.Contracts.Streams;

namespace Cairn.Plugins.Faulty;

/// <summary>Passes reads through until a number of bytes, then fails as a dropped connection would. Owns the inner stream when told to.</summary>
internal sealed class CutOffStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private readonly BackendTransientException _error;
    private long _remaining;

    public CutOffStream(Stream inner, long cutOffAfterBytes, BackendTransientException error, bool ownsInner)
    {
        _inner = inner;
        _remaining = cutOffAfterBytes;
        _error = error;
        _ownsInner = ownsInner;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = Allowed(buffer.Length);
        var read = _inner.Read(buffer[..allowed]);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = Allowed(buffer.Length);
        var read = await _inner.ReadAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int wanted)
    {
        if (wanted > 0 && _remaining <= 0)
        {
            throw _error;
        }

        return (int)Math.Min(wanted, _remaining);
    }
}
