using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>Opens files by raw byte path without following a final symlink.</summary>
internal static unsafe class NativeFile
{
    /// <summary>
    /// Opens a regular file for reading: <c>O_NOFOLLOW</c> (a file replaced by a symlink since the scan is
    /// refused), <c>O_NONBLOCK</c> (a file replaced by a fifo cannot hang the open), and <c>O_NOATIME</c>
    /// where permitted so a backup leaves access times alone.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static SafeFileHandle OpenRead(ReadOnlySpan<byte> path)
    {
        byte[] cPath = new byte[path.Length + 1];
        path.CopyTo(cPath);
        const int flags = LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC;
        fixed (byte* p = cPath)
        {
            int fd = LibC.open(p, flags | LibC.O_NOATIME, 0);
            if (fd < 0 && NativeErrors.Last == LibC.EPERM)
            {
                fd = LibC.open(p, flags, 0); // O_NOATIME needs ownership or CAP_FOWNER
            }

            if (fd < 0)
            {
                throw NativeErrors.ToException(NativeErrors.Last, "open", NativeErrors.Display(path));
            }

            return new SafeFileHandle(fd, ownsHandle: true);
        }
    }
}
