using Cairn.Contracts.Backends;
using Cairn.Contracts.Streams;

namespace Cairn.Hosting.Backends;

/// <summary>
/// A read stream that survives a dropped connection: when a read fails transiently or stalls past the
/// operation timeout, it reopens the object at the next unread byte and goes on.
/// </summary>
internal sealed class ResumingReadStream : ForwardReadStream
{
    private readonly ResilientBackend _owner;
    private readonly string _name;
    private readonly long _offset;
    private readonly long? _length;
    private Stream _current;
    private long _position;

    public ResumingReadStream(ResilientBackend owner, string name, long offset, long? length, Stream first)
    {
        _owner = owner;
        _name = name;
        _offset = offset;
        _length = length;
        _current = first;
    }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                var read = await ResilientBackend.WithTimeoutAsync(
                    "read", _name, token => _current.ReadAsync(buffer, token).AsTask(), _owner.OperationTimeout, abandonOnTimeout: true, null, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception e) when (ResilientBackend.IsTransient(e) && failures < _owner.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await _owner.BackOffAsync("read", _name, failures, e, cancellationToken).ConfigureAwait(false);
                await DisposeQuietlyAsync(_current).ConfigureAwait(false);
                _current = await _owner.OpenInnerReadAsync(_name, _offset + _position, _length - _position, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _current.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task DisposeQuietlyAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or BackendException or ObjectDisposedException)
        {
            // The broken stream's own cleanup failing changes nothing: a new one replaces it.
        }
    }
}
