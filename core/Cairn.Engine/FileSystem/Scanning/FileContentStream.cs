using Cairn.Contracts.Streams;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Reads a regular file front to back through its descriptor, with positioned reads and nothing else.
/// </summary>
/// <remarks>
/// A backup opens every file it stores once, most of them small, so the calls per file count: a
/// <see cref="FileStream"/> over the handle asks the kernel twice where the file is (<c>lseek</c>) before its
/// first read, and its caller reads once more to meet the end. Here a read that comes back short, once the
/// file is as long as the scan saw it, ends the stream: a regular file's read is short only at its end, so
/// the file is taken as it was at that read, as a file that grows later is anyway. A small file thus costs
/// one read instead of two reads and two seeks. Short of that size, a short read proves nothing: files in
/// <c>/proc</c> say they are empty and hand their content over a page or so per read.
/// </remarks>
internal sealed class FileContentStream : ForwardReadStream, IOpenSourceFile
{
    private readonly SafeFileHandle _handle;
    private readonly long _sizeSeen;
    private long _position;
    private bool _ended;

    /// <param name="handle">The open file, read from offset 0.</param>
    /// <param name="sizeSeen">The size the scan saw.</param>
    public FileContentStream(SafeFileHandle handle, long sizeSeen)
    {
        _handle = handle;
        _sizeSeen = sizeSeen;
    }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException($"{nameof(FileContentStream)} is read front to back.");
    }

    /// <inheritdoc />
    public SafeFileHandle Handle => _handle;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        int read = RandomAccess.Read(_handle, buffer, _position);
        _position += read;
        _ended = read == 0 || (read < buffer.Length && _sizeSeen > 0 && _position >= _sizeSeen);
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
