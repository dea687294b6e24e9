using System.Runtime.InteropServices;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>
/// The Linux libc calls the filesystem layer needs, over raw NUL-terminated byte paths (Unix names are
/// bytes). Linux only: constants and <c>struct statx</c> are the Linux ABI (identical on x86-64 and arm64).
/// Every call sets errno; read it with <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_NO_AUTOMOUNT = 0x800;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_SYMLINK_FOLLOW = 0x400;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_NOATIME = 0x40000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_TMPFILE = 0x400000 | O_DIRECTORY;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    public const uint STATX_BASIC_STATS = 0x7FF;

    public const int SEEK_DATA = 3;
    public const int SEEK_HOLE = 4;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int ENXIO = 6;
    public const int EOPNOTSUPP = 95;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int open(byte* path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int openat(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint readlinkat(int dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint llistxattr(byte* path, byte* list, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint lgetxattr(byte* path, byte* name, byte* value, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int lsetxattr(byte* path, byte* name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fsetxattr(int fd, byte* name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchown(int fd, uint uid, uint gid);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchownat(int dirfd, byte* path, uint uid, uint gid, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchmod(int fd, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchmodat(int dirfd, byte* path, uint mode, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int utimensat(int dirfd, byte* path, Timespec* times, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mkdirat(int dirfd, byte* path, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int symlinkat(byte* target, int dirfd, byte* path);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int linkat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int renameat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int unlinkat(int dirfd, byte* path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mknodat(int dirfd, byte* path, uint mode, ulong dev);

    [LibraryImport(Lib)]
    public static partial uint geteuid();

    [LibraryImport(Lib)]
    public static partial int getpwuid_r(uint uid, byte* pwd, byte* buffer, nuint size, byte** result);

    [LibraryImport(Lib)]
    public static partial int getgrgid_r(uint gid, byte* grp, byte* buffer, nuint size, byte** result);

    [LibraryImport(Lib)]
    public static partial int getpwnam_r(byte* name, byte* pwd, byte* buffer, nuint size, byte** result);

    [LibraryImport(Lib)]
    public static partial int getgrnam_r(byte* name, byte* grp, byte* buffer, nuint size, byte** result);

    /// <summary>glibc's <c>makedev</c>: the <c>dev_t</c> encoding of a major/minor pair.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8) |
        ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    /// <summary><c>struct timespec</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;

        public static Timespec FromNs(long ns) => new()
        {
            Seconds = Math.DivRem(ns, 1_000_000_000L, out long rem) - (rem < 0 ? 1 : 0),
            Nanoseconds = rem < 0 ? rem + 1_000_000_000L : rem,
        };
    }

    /// <summary><c>struct statx</c> (256 bytes; fields at their kernel ABI offsets).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(64)] public long AtimeSec;
        [FieldOffset(72)] public uint AtimeNsec;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly uint FileType => Mode & S_IFMT;

        /// <summary>The modification time in nanoseconds since the epoch; null beyond what that holds (±292 years).</summary>
        public readonly long? ModificationTimeNs =>
            MtimeSec is > -9_000_000_000L and < 9_000_000_000L ? (MtimeSec * 1_000_000_000L) + MtimeNsec : null;

        public readonly long Device => (long)MakeDev(DevMajor, DevMinor);

        public readonly ObjectIdentity Identity => new(Device, (long)Ino);
    }
}
