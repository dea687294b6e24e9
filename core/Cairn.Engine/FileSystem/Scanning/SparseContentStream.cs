using Cairn.Contracts.Streams;
using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Reads the data regions of a sparse file back to back. If the file shrank since the scan, the stream
/// ends early; the caller's size or hash check notices.
/// </summary>
internal sealed class SparseContentStream : ForwardReadStream, IOpenSourceFile
{
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private SparseRegionCursor _cursor;
    private long _position;
    private bool _ended;

    public SparseContentStream(SafeFileHandle handle, IReadOnlyList<SparseRegion> regions)
    {
        _handle = handle;
        _cursor = new SparseRegionCursor(regions);
        foreach (var r in regions)
        {
            _length += r.Length;
        }
    }

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public SafeFileHandle Handle => _handle;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty || !_cursor.Next(buffer.Length, out long offset, out int want))
        {
            return 0;
        }

        int read = RandomAccess.Read(_handle, buffer[..want], offset);
        if (read == 0)
        {
            _ended = true; // the file shrank since the scan
            return 0;
        }

        _cursor.Advance(read);
        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
