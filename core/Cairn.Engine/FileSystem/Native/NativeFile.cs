using System.Runtime.InteropServices;
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

    /// <summary>
    /// Opens a regular file by absolute path for reading (see <see cref="ReadFlags"/>). A path longer than
    /// the kernel takes in one call (PATH_MAX) is opened one directory at a time instead.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static SafeFileHandle OpenRead(ReadOnlySpan<byte> path)
    {
        byte[] cPath = new byte[path.Length + 1];
        path.CopyTo(cPath);
        fixed (byte* p = cPath)
        {
            int fd = OpenWithoutAtime(LibC.AT_FDCWD, p, ReadFlags);
            if (fd < 0 && NativeErrors.Last == LibC.ENAMETOOLONG)
            {
                fd = OpenLong(cPath);
            }

            if (fd < 0)
            {
                throw NativeErrors.ToException(NativeErrors.Last, "open", NativeErrors.Display(path));
            }

            // Replaced by a fifo or a device since the scan: reading it could block or never end.
            byte empty = 0;
            if (MetadataReader.Stat(fd, &empty, emptyPath: true, out var st) != 0 || st.FileType != LibC.S_IFREG)
            {
                LibC.close(fd);
                throw new IOException($"'{NativeErrors.Display(path)}' is no longer a regular file.");
            }

            return new SafeFileHandle(fd, ownsHandle: true);
        }
    }

    /// <summary>Opens a NUL-terminated absolute path segment by segment; -1 with errno set on failure.</summary>
    private static int OpenLong(byte[] cPath)
    {
        byte* slash = stackalloc byte[] { (byte)'/', 0 };
        int dirfd = LibC.openat(LibC.AT_FDCWD, slash, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        int start = 1;
        while (dirfd >= 0)
        {
            int end = Array.IndexOf(cPath, (byte)'/', start);
            bool last = end < 0;
            if (last)
            {
                end = cPath.Length - 1;
            }

            cPath[end] = 0; // terminate this segment in place
            int next;
            fixed (byte* segment = &cPath[start])
            {
                next = last ? OpenWithoutAtime(dirfd, segment, ReadFlags) : LibC.openat(dirfd, segment, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
            }

            int errno = NativeErrors.Last;
            LibC.close(dirfd);
            if (last || next < 0)
            {
                Marshal.SetLastPInvokeError(errno);
                return next;
            }

            cPath[end] = (byte)'/';
            dirfd = next;
            start = end + 1;
        }

        return -1;
    }
}
