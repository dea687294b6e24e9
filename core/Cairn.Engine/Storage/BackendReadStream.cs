using System.Buffers;
using Cairn.Contracts.Backends;

namespace Cairn.Engine.Storage;

/// <summary>
/// A seekable, read-only view of one object on a backend, made of ranged reads. Each read past the
/// buffer fetches a window starting at the position; the window starts small (an index lookup or a lone
/// frame costs little) and doubles while reads stay sequential, up to <see cref="MaxWindow"/>, so that a
/// whole-volume scan turns into a few large requests.
/// </summary>
public sealed class BackendReadStream : Stream
{
    /// <summary>The first window, and the size after a seek.</summary>
    public const int MinWindow = 64 * 1024;

    /// <summary>The largest window.</summary>
    public const int MaxWindow = 8 << 20;

    private readonly IBackend _backend;
    private readonly string _name;
    private readonly long _length;
    private byte[] _buffer = [];
    private long _bufferStart;
    private int _bufferLength;
    private long _position;
    private int _window = MinWindow;

    /// <summary>Opens a view of <paramref name="name"/>, whose size is <paramref name="length"/>.</summary>
    public BackendReadStream(IBackend backend, string name, long length)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _backend = backend;
        _name = name;
        _length = length;
    }

    /// <summary>Opens a view of <paramref name="name"/>, asking the backend for its size.</summary>
    /// <exception cref="BackendNotFoundException">The object does not exist.</exception>
    public static async Task<BackendReadStream> OpenAsync(IBackend backend, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var info = await backend.StatAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new BackendNotFoundException(name);
        return new BackendReadStream(backend, name, info.Size);
    }

    /// <summary>Bytes fetched from the backend so far.</summary>
    public long BytesFetched { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= _length)
        {
            return 0;
        }

        if (_position < _bufferStart || _position >= _bufferStart + _bufferLength)
        {
            Fill(buffer.Length);
        }

        var available = (int)(_bufferStart + _bufferLength - _position);
        var n = Math.Min(available, buffer.Length);
        _buffer.AsSpan((int)(_position - _bufferStart), n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffer();
        }

        base.Dispose(disposing);
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _bufferLength = 0;
        }
    }

    private void Fill(int wanted)
    {
        var sequential = _bufferLength > 0 && _position == _bufferStart + _bufferLength;
        _window = sequential ? Math.Min(_window * 2, MaxWindow) : MinWindow;
        var size = (int)Math.Min(Math.Max(_window, Math.Min(wanted, MaxWindow)), _length - _position);
        if (_buffer.Length < size)
        {
            // Pooled, as a restore opens a stream per volume and grows each window to 8 MiB: new arrays were
            // ~16 MiB of large-object garbage per volume (BENCHMARKS.md, finding 48).
            var grown = Math.Max(size, Math.Min(_buffer.Length * 2, MaxWindow));
            ReturnBuffer();
            _buffer = ArrayPool<byte>.Shared.Rent(grown);
        }

        using (var stream = _backend.OpenReadAsync(_name, _position, size).GetAwaiter().GetResult())
        {
            var total = 0;
            while (total < size)
            {
                var n = stream.Read(_buffer, total, size - total);
                if (n == 0)
                {
                    throw new BackendException($"{_name} ended at {_position + total} bytes, before the {_length} its listing promised.", isTransient: true);
                }

                total += n;
            }
        }

        BytesFetched += size;
        _bufferStart = _position;
        _bufferLength = size;
    }
}
