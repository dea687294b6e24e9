namespace Cairn.Engine.Storage;

/// <summary>Reads several streams one after the other (the pieces of an entry that continues across volumes), opening each when reached.</summary>
internal sealed class ConcatenatedReadStream(IEnumerator<Stream> pieces) : Stream
{
    private Stream? _current;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!_ended)
        {
            if (_current is null)
            {
                if (!pieces.MoveNext())
                {
                    _ended = true;
                    break;
                }

                _current = pieces.Current;
            }

            var n = _current.Read(buffer);
            if (n > 0 || buffer.IsEmpty)
            {
                return n;
            }

            _current.Dispose();
            _current = null;
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            pieces.Dispose();
        }

        base.Dispose(disposing);
    }
}
