using System.Text;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// What a path names, found without opening it. A command that wants a regular file has to look first:
/// opening a fifo for reading waits for a writer, and .NET has no file attribute that tells a fifo or a
/// device from a regular file.
/// </summary>
public static unsafe class PathType
{
    /// <summary>The type of the object <paramref name="path"/> names, following symbolic links as opening it would.</summary>
    /// <param name="path">The path, absolute or relative to the current folder.</param>
    /// <returns>The type (never <see cref="EntryType.Symlink"/>), or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or holds a NUL character.</exception>
    /// <exception cref="UnauthorizedAccessException">A folder on the way may not be searched.</exception>
    /// <exception cref="IOException">The path cannot be examined (a loop of links, a name too long...).</exception>
    public static EntryType? Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0'))
        {
            throw new ArgumentException("A path cannot hold a NUL character.", nameof(path));
        }

        byte[] cPath = Encoding.UTF8.GetBytes(path + "\0");
        LibC.StatxBuffer st;
        int result;
        fixed (byte* p = cPath)
        {
            result = LibC.statx(LibC.AT_FDCWD, p, LibC.AT_NO_AUTOMOUNT, LibC.STATX_BASIC_STATS, &st);
        }

        if (result == 0)
        {
            return MetadataReader.TypeOf(st.FileType);
        }

        int error = NativeErrors.Last;
        return error is LibC.ENOENT or LibC.ENOTDIR ? null : throw NativeErrors.ToException(error, "stat", path);
    }
}
