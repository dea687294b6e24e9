using System.Runtime.InteropServices;

namespace Cairn.Plugins.Local;

/// <summary>
/// Makes a folder's entries durable (fsync of the folder itself), which a rename needs to survive a crash.
/// .NET cannot open a folder as a stream, so this calls open(2) and fsync(2) directly on Unix.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InputOutputError = 5;
    private const int NoSpace = 28;

    /// <summary>Flushes the folder's entries to disk. File systems that cannot fsync a folder are accepted as they are.</summary>
    /// <exception cref="IOException">The disk reported an error.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; there is no folder handle to flush.
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            return; // The folder is not ours to open (permissions); the rename itself already succeeded.
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is InputOutputError or NoSpace)
                {
                    throw new IOException($"fsync of folder {directory} failed (errno {errno}).", errno);
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
