using Cairn.Contracts.Streams;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// The content stream of a file being restored: writes land at their offsets (for a sparse file, inside
/// its data regions, leaving the holes unwritten); <see cref="Commit"/> sets the final length, applies the
/// metadata and links the nameless file, or renames the temporary one, into place. Disposing a stream not
/// committed leaves no trace of it, so content that failed part-way (damaged data, a full disk, an
/// exception anywhere before the commit) never replaces what already has the name: an earlier restore, or
/// the user's own file.
/// </summary>
public sealed class RestoreFileStream : ForwardWriteStream
{
    private readonly RestoreTarget _target;
    private readonly SafeFileHandle _handle;
    private readonly int _dirfd;
    private readonly byte[]? _temp; // null: created nameless (O_TMPFILE), linked into place when finished
    private readonly List<byte[]> _segments;
    private readonly EntryMetadata _entry;
    private readonly string _display;
    private readonly bool _sparse;
    private SparseRegionCursor _cursor;
    private long _written;
    private bool _done;

    internal RestoreFileStream(RestoreTarget target, SafeFileHandle handle, int dirfd, byte[]? temp, List<byte[]> segments, EntryMetadata entry, string display)
    {
        _target = target;
        _handle = handle;
        _dirfd = dirfd;
        _temp = temp;
        _segments = segments;
        _entry = entry;
        _display = display;
        _sparse = entry.SparseMap is not null;
        _cursor = new SparseRegionCursor(entry.SparseMap ?? []);
    }

    /// <inheritdoc />
    public override bool CanWrite => !_done;

    /// <inheritdoc />
    public override long Length => _written;

    /// <inheritdoc />
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("A restored file is written front to back.");
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (!_sparse)
        {
            WriteAt(buffer, _written);
            _written += buffer.Length;
            return;
        }

        while (!buffer.IsEmpty)
        {
            if (!_cursor.Next(buffer.Length, out long offset, out int chunk))
            {
                throw new IOException($"The content of '{_display}' is longer than its sparse map's data regions.");
            }

            WriteAt(buffer[..chunk], offset);
            _cursor.Advance(chunk);
            _written += chunk;
            buffer = buffer[chunk..];
        }
    }

    /// <summary>
    /// Writes at <paramref name="offset"/>. The handle of a file made nameless has no path, so a full disk said
    /// only "No space left on device": the error now says which file, as every other of the restore's does.
    /// .NET reports a file past the file system's or the process's size limit (EFBIG) as an
    /// <see cref="ArgumentOutOfRangeException"/>, which would read as a usage error (exit 2): it is an I/O error too.
    /// </summary>
    private void WriteAt(ReadOnlySpan<byte> data, long offset)
    {
        try
        {
            RandomAccess.Write(_handle, data, offset);
        }
        catch (IOException ex)
        {
            throw new IOException($"Cannot write '{_display}': {ex.Message}", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new IOException($"Cannot write '{_display}': it is larger than the file system, or the process's file-size limit, allows.", ex);
        }
    }

    /// <summary>
    /// Finishes the file and puts it in place (its length, metadata, then its name, replacing what had it).
    /// Call it once all the content is written and checked; the stream takes no more writes afterwards.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The stream was already committed or disposed.</exception>
    /// <exception cref="IOException">The file could not be finished or placed; nothing replaced the name.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Close(place: true);
    }

    /// <summary>Disposing without <see cref="Commit"/> removes the file, leaving the name as it was.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close(place: false);
        }

        base.Dispose(disposing);
    }

    private void Close(bool place)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        bool placed = false;
        try
        {
            if (place)
            {
                // The recorded size is the truth: it also makes trailing holes.
                if (LibC.ftruncate((int)_handle.DangerousGetHandle(), _entry.Size) != 0)
                {
                    throw NativeErrors.ToException(NativeErrors.Last, "set the length of", _display);
                }

                _target.ApplyToDescriptor((int)_handle.DangerousGetHandle(), _entry, _display);
                if (_temp is null)
                {
                    _target.LinkIntoPlace((int)_handle.DangerousGetHandle(), _dirfd, _segments, _display); // before closing: a nameless file goes with its last descriptor
                    _handle.Dispose();
                }
                else
                {
                    _handle.Dispose();
                    _target.MoveIntoPlace(_dirfd, _temp, _segments, _display);
                }

                placed = true;
            }
        }
        finally
        {
            _handle.Dispose();
            if (!placed && _temp is not null)
            {
                RestoreTarget.RemoveTemporary(_dirfd, _temp);
            }

            LibC.close(_dirfd);
        }
    }
}
