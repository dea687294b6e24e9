using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Delta;

/// <summary>
/// Copies a range from one file to another inside the kernel (Linux <c>copy_file_range</c>): no trip
/// through user memory, and a reflink on file systems that share extents. Used by the patcher for long
/// COPY commands when basis and output are both files.
/// </summary>
internal static partial class KernelCopy
{
    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>
    /// Copies up to <paramref name="length"/> bytes from <paramref name="source"/> at <paramref name="sourceOffset"/>
    /// to <paramref name="destination"/> at <paramref name="destinationOffset"/>. Returns the bytes copied; fewer
    /// than asked (possibly 0) when the kernel cannot do it here, and the caller copies the rest itself.
    /// </summary>
    public static long Copy(SafeFileHandle source, long sourceOffset, SafeFileHandle destination, long destinationOffset, long length)
    {
        long copied = 0;
        while (!unavailable && copied < length)
        {
            var inOffset = sourceOffset + copied;
            var outOffset = destinationOffset + copied;
            var result = CopyFileRange(source, ref inOffset, destination, ref outOffset, (nuint)Math.Min(length - copied, 1L << 30), 0);
            if (result <= 0)
            {
                // ENOSYS, EXDEV, EINVAL, EOPNOTSUPP...: not possible for these files; end of source: the caller reports it.
                if (result < 0 && copied == 0 && Marshal.GetLastPInvokeError() is 38 or 95)
                {
                    unavailable = true;
                }

                break;
            }

            copied += result;
        }

        return copied;
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle fdIn, ref long offIn, SafeFileHandle fdOut, ref long offOut, nuint length, uint flags);
}
