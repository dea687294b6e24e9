using System.Buffers.Binary;
using Cairn.Engine.FileSystem.Native;

namespace Cairn.Engine.FileSystem;

/// <summary>Reads one directory's names with <c>getdents64</c>, sorted by raw bytes.</summary>
internal static unsafe class DirectoryListing
{
    private static readonly Comparison<byte[]> ByBytes = static (a, b) => a.AsSpan().SequenceCompareTo(b);

    /// <summary>
    /// Lists the directory open as <paramref name="fd"/> without <c>.</c> and <c>..</c>. Each name keeps its
    /// terminating NUL so it can be passed to libc as is; NUL sorts below every byte, so comparing whole
    /// arrays orders names exactly as comparing the names would.
    /// </summary>
    /// <param name="fd">An open directory.</param>
    /// <param name="buffer">A scratch buffer (at least 32 KiB is sensible).</param>
    /// <param name="names">The sorted names.</param>
    /// <returns>0, or the errno of the failure.</returns>
    public static int Read(int fd, byte[] buffer, out List<byte[]> names)
    {
        names = [];
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint n = LibC.getdents64(fd, b, (nuint)buffer.Length);
                if (n < 0)
                {
                    int errno = NativeErrors.Last;
                    if (errno == LibC.EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                if (n == 0)
                {
                    break;
                }

                // struct linux_dirent64: u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[].
                int offset = 0;
                while (offset < n)
                {
                    int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 16, 2));
                    var name = buffer.AsSpan(offset + 19, recordLength - 19);
                    name = name[..name.IndexOf((byte)0)];
                    offset += recordLength;
                    if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                    {
                        continue;
                    }

                    byte[] copy = new byte[name.Length + 1];
                    name.CopyTo(copy);
                    names.Add(copy);
                }
            }
        }

        names.Sort(ByBytes);
        return 0;
    }
}
