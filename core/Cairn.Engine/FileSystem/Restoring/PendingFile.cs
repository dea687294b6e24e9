using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// A file of a <see cref="RestoreTarget"/> whose path has been checked and whose directory is open, not yet
/// created (<see cref="RestoreTarget.PrepareFile"/>). <see cref="Open"/> may run on any thread, several
/// files at once; each pending file is opened at most once.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private readonly RestoreTarget _target;
    private readonly List<byte[]> _segments;
    private int _dirfd;

    internal PendingFile(RestoreTarget target, int dirfd, List<byte[]> segments, EntryMetadata entry)
    {
        _target = target;
        _dirfd = dirfd;
        _segments = segments;
        Entry = entry;
    }

    /// <summary>The file's metadata.</summary>
    public EntryMetadata Entry { get; }

    /// <summary>
    /// Creates the file (without a name where the filesystem allows, else under a temporary one) and returns
    /// the stream to write its content into, as <see cref="RestoreTarget.CreateFile"/> does; the stream then
    /// owns the directory descriptor.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was already opened or disposed.</exception>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public RestoreFileStream Open()
    {
        int dirfd = Interlocked.Exchange(ref _dirfd, -1);
        if (dirfd < 0)
        {
            throw new InvalidOperationException($"'{NativeErrors.Display(Entry.Path)}' was already opened.");
        }

        try
        {
            return _target.Open(dirfd, _segments, Entry);
        }
        catch
        {
            LibC.close(dirfd);
            throw;
        }
    }

    /// <summary>Closes the directory descriptor of a file never opened.</summary>
    public void Dispose()
    {
        int dirfd = Interlocked.Exchange(ref _dirfd, -1);
        if (dirfd >= 0)
        {
            LibC.close(dirfd);
        }
    }
}
