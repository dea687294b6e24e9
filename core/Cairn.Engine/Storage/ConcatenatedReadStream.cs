using Cairn.Contracts.Streams;

namespace Cairn.Engine.Storage;

/// <summary>Reads several streams one after the other (the pieces of an entry that continues across volumes), opening each when reached.</summary>
internal sealed class ConcatenatedReadStream(IEnumerator<Stream> pieces) : ForwardReadStream
{
    private Stream? _current;
    private bool _ended;

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
