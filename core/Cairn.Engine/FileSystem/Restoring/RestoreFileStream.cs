using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// The content stream of a file being restored: writes land at their offsets (for a sparse file, inside
/// its data regions, leaving the holes unwritten); disposing sets the final length, applies the metadata
/// and renames the temporary file into place.
/// </summary>
internal sealed class RestoreFileStream : Stream
{
    private readonly RestoreTarget _target;
    private readonly SafeFileHandle _handle;
    private readonly int _dirfd;
    private readonly byte[] _temp;
    private readonly List<byte[]> _segments;
    private readonly EntryMetadata _entry;
    private readonly string _display;
    private readonly IReadOnlyList<SparseRegion>? _regions;
    private long _written;
    private int _region;
    private long _inRegion;
    private bool _done;

    public RestoreFileStream(RestoreTarget target, SafeFileHandle handle, int dirfd, byte[] temp, List<byte[]> segments, EntryMetadata entry, string display)
    {
        _target = target;
        _handle = handle;
        _dirfd = dirfd;
        _temp = temp;
        _segments = segments;
        _entry = entry;
        _display = display;
        _regions = entry.SparseMap;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_done;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("A restored file is written front to back.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_regions is null)
        {
            RandomAccess.Write(_handle, buffer, _written);
            _written += buffer.Length;
            return;
        }

        while (!buffer.IsEmpty)
        {
            if (_region >= _regions.Count)
            {
                throw new IOException($"The content of '{_display}' is longer than its sparse map's data regions.");
            }

            var region = _regions[_region];
            long left = region.Length - _inRegion;
            if (left <= 0)
            {
                _region++;
                _inRegion = 0;
                continue;
            }

            int chunk = (int)Math.Min(left, buffer.Length);
            RandomAccess.Write(_handle, buffer[..chunk], region.Offset + _inRegion);
            _inRegion += chunk;
            _written += chunk;
            buffer = buffer[chunk..];
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A restored file is written front to back.");

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            try
            {
                // The recorded size is the truth: it also makes trailing holes and truncates a replaced file.
                if (LibC.ftruncate((int)_handle.DangerousGetHandle(), _entry.Size) != 0)
                {
                    throw NativeErrors.ToException(NativeErrors.Last, "set the length of", _display);
                }

                _target.ApplyToDescriptor((int)_handle.DangerousGetHandle(), _entry, _display);
                _handle.Dispose();
                _target.MoveIntoPlace(_dirfd, _temp, _segments, _display);
            }
            finally
            {
                _handle.Dispose();
                LibC.close(_dirfd);
            }
        }

        base.Dispose(disposing);
    }
}
