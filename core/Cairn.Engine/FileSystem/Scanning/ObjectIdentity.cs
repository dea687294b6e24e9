using System.Text;
using Cairn.Engine.FileSystem.Native;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// What names one object on this machine whatever path leads to it: its file system's device and its inode. Two
/// paths with the same identity are the same object (a symlink, a bind mount, <c>..</c> or a second hard link).
/// </summary>
/// <param name="Device">The <c>st_dev</c> of the file system holding the object.</param>
/// <param name="Inode">The inode number.</param>
public readonly record struct ObjectIdentity(long Device, long Inode)
{
    /// <summary>The identity of what <paramref name="path"/> names, following symlinks, or <see langword="null"/> when it does not exist or cannot be reached.</summary>
    /// <param name="path">An absolute or relative path.</param>
    public static ObjectIdentity? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Stat(LibC.AT_FDCWD, Encoding.UTF8.GetBytes(path + "\0"), 0);
    }

    /// <summary>The identity of what an open file descriptor refers to (standard output is 1), or <see langword="null"/> when it is not open.</summary>
    /// <param name="descriptor">The descriptor.</param>
    public static ObjectIdentity? OfDescriptor(int descriptor) => Stat(descriptor, [0], LibC.AT_EMPTY_PATH);

    private static unsafe ObjectIdentity? Stat(int dirfd, byte[] path, int flags)
    {
        LibC.StatxBuffer st;
        fixed (byte* p = path)
        {
            if (LibC.statx(dirfd, p, flags, LibC.STATX_BASIC_STATS, &st) != 0)
            {
                return null;
            }
        }

        return st.Identity;
    }
}
