using Cairn.Contracts.Streams;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Reads a regular file front to back through its descriptor, with positioned reads and nothing else.
/// </summary>
/// <remarks>
/// A backup opens every file it stores once, most of them small, so the calls per file count: a
/// <see cref="FileStream"/> over the handle asks the kernel twice where the file is (<c>lseek</c>) before its
/// first read, and its caller reads once more to meet the end. Here a read that comes back short ends the
/// stream: a regular file's read is short only at its end (the kernel, FUSE and network filesystems all
/// promise that), so the file is taken as it was at that read, as a file that grows later is anyway.
/// A small file thus costs one read instead of two reads and two seeks.
/// </remarks>
internal sealed class FileContentStream : ForwardReadStream
{
    private readonly SafeFileHandle _handle;
    private long _position;
    private bool _ended;

    public FileContentStream(SafeFileHandle handle) => _handle = handle;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException($"{nameof(FileContentStream)} is read front to back.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        int read = RandomAccess.Read(_handle, buffer, _position);
        _position += read;
        _ended = read < buffer.Length;
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
