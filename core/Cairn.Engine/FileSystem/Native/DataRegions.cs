using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>Where an open file holds data, and where holes (SEEK_DATA and SEEK_HOLE, as <c>cp --sparse</c> finds them).</summary>
internal static class DataRegions
{
    /// <inheritdoc cref="Map(int, long)"/>
    public static List<SparseRegion>? Map(SafeFileHandle file, long size)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return Map((int)file.DangerousGetHandle(), size);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The data regions of the file open as <paramref name="fd"/>, up to <paramref name="size"/>, in order; null when
    /// its file system cannot tell (no SEEK_DATA): then all of it is to be taken as data.
    /// </summary>
    public static List<SparseRegion>? Map(int fd, long size)
    {
        var regions = new List<SparseRegion>();
        long position = 0;
        while (position < size)
        {
            long data = LibC.lseek(fd, position, LibC.SEEK_DATA);
            if (data < 0)
            {
                if (NativeErrors.Last == LibC.ENXIO)
                {
                    break; // only a hole remains
                }

                return null;
            }

            if (data >= size)
            {
                break;
            }

            long hole = LibC.lseek(fd, data, LibC.SEEK_HOLE);
            hole = hole < 0 || hole > size ? size : hole;
            regions.Add(new SparseRegion(data, hole - data));
            position = hole;
        }

        return regions;
    }
}
