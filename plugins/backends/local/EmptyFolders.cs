using System.Runtime.InteropServices;

namespace Cairn.Plugins.Local;

/// <summary>
/// Removes a folder only when it is empty, with rmdir(2) itself: the kernel checks and removes in one step,
/// so a folder that holds anything — an object, or the temporary file of a write that has just begun — stays.
/// (.NET's Directory.Delete is not that: given a symbolic link to a folder, it removes the link, whatever the
/// folder holds.)
/// </summary>
internal static partial class EmptyFolders
{
    /// <summary>Removes <paramref name="directory"/> if it is an empty folder; false when it is not removed, for whatever reason.</summary>
    public static bool TryRemove(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return false; // No rmdir(2) to lean on: empty folders are left in place there.
        }

        return Rmdir(directory) == 0;
    }

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rmdir(string path);
}
