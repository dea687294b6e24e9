using System.Buffers;

namespace Cairn.Format.Reading;

/// <summary>
/// Reads a volume (or a range of it) forward through one large rented buffer: few, large, sequential
/// reads, never past <c>limit</c>. On a seekable stream it seeks before each refill, so several sources
/// may share one stream; on a pipe it just reads on.
/// </summary>
internal sealed class BoundedSource : IDisposable
{
    private readonly Stream _stream;
    private readonly long _limit;
    private readonly bool _seek;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _streamPosition;

    public BoundedSource(Stream stream, long offset, long limit, int capacity, bool seek)
    {
        _stream = stream;
        _limit = limit;
        _seek = seek;
        _streamPosition = offset;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 64));
    }

    /// <summary>The volume offset of the next unread byte.</summary>
    public long Position => _streamPosition - (_end - _start);

    /// <summary>The end of the range, or <see cref="long.MaxValue"/> when unknown (a pipe).</summary>
    public long Limit => _limit;

    /// <summary>True when nothing is left: the limit is reached, or the input ended.</summary>
    public bool AtEnd => _start == _end && (_streamPosition >= _limit || Fill(1) == 0);

    /// <summary>The next <paramref name="count"/> bytes without consuming them; valid until the next call.</summary>
    /// <exception cref="ArchiveFormatException">The input ends first.</exception>
    public ReadOnlySpan<byte> Peek(int count, string what)
    {
        if (_end - _start < count && Fill(count) < count)
        {
            throw new ArchiveFormatException(what, Position, $"needs {count} bytes, the volume ends after {_end - _start}: truncated");
        }

        return _buffer.AsSpan(_start, count);
    }

    public void Advance(int count) => _start += count;

    /// <summary>The next <paramref name="count"/> bytes, consumed; valid until the next call.</summary>
    public ReadOnlySpan<byte> Take(int count, string what)
    {
        var span = Peek(count, what);
        _start += count;
        return span;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>Buffers at least <paramref name="count"/> bytes if the input has them; returns how many are buffered.</summary>
    private int Fill(int count)
    {
        if (_buffer.Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        // Sources that share a stream may read from several threads (a read-ahead thread and the caller):
        // the seek and the reads that follow it must not interleave with another source's.
        lock (_stream)
        {
            if (_seek && _stream.Position != _streamPosition)
            {
                _stream.Position = _streamPosition;
            }

            while (_end - _start < count)
            {
                var room = (int)Math.Min(_buffer.Length - _end, _limit - _streamPosition);
                if (room <= 0)
                {
                    break;
                }

                var read = _stream.Read(_buffer, _end, room);
                if (read == 0)
                {
                    break;
                }

                _end += read;
                _streamPosition += read;
            }
        }

        return _end - _start;
    }
}
