using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>Opens files and directories by raw byte name for reading, leaving access times alone.</summary>
internal static unsafe class NativeFile
{
    /// <summary>
    /// Flags for reading a regular file: <c>O_NOFOLLOW</c> (a file replaced by a symlink since the scan is
    /// refused), <c>O_NONBLOCK</c> (a file replaced by a fifo cannot hang the open).
    /// </summary>
    public const int ReadFlags = LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC;

    /// <summary>
    /// <c>openat</c> with <c>O_NOATIME</c> where permitted (the owner or root), so a backup does not touch
    /// access times; without it otherwise. Returns the descriptor, or -1 with errno set.
    /// </summary>
    public static int OpenWithoutAtime(int dirfd, byte* name, int flags)
    {
        int fd = LibC.openat(dirfd, name, flags | LibC.O_NOATIME, 0);
        return fd < 0 && NativeErrors.Last == LibC.EPERM ? LibC.openat(dirfd, name, flags, 0) : fd;
    }

    /// <summary>Opens a regular file by absolute path for reading (see <see cref="ReadFlags"/>).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static SafeFileHandle OpenRead(ReadOnlySpan<byte> path)
    {
        byte[] cPath = new byte[path.Length + 1];
        path.CopyTo(cPath);
        fixed (byte* p = cPath)
        {
            int fd = OpenWithoutAtime(LibC.AT_FDCWD, p, ReadFlags);
            return fd >= 0
                ? new SafeFileHandle(fd, ownsHandle: true)
                : throw NativeErrors.ToException(NativeErrors.Last, "open", NativeErrors.Display(path));
        }
    }
}
