using System.Runtime.InteropServices;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Reads the complete <see cref="EntryMetadata"/> of one object: type, mode, owner (ids and cached names),
/// ns times, size, symlink target, device numbers, xattrs and ACLs, and the sparse map. Scratch buffers are
/// reused across calls, so reading an object without xattrs allocates only the result.
/// </summary>
internal sealed unsafe class MetadataReader
{
    private static readonly byte[] AccessAclName = "system.posix_acl_access"u8.ToArray();
    private static readonly byte[] DefaultAclName = "system.posix_acl_default"u8.ToArray();

    private readonly Accounts _accounts = new();
    private readonly bool _readExtendedAttributes;
    private readonly Action<FileSystemWarning> _warn;
    private byte[] _list = new byte[1024];
    private byte[] _value = new byte[1024];
    private byte[] _link = new byte[4096];

    public MetadataReader(bool readExtendedAttributes, Action<FileSystemWarning> warn)
    {
        _readExtendedAttributes = readExtendedAttributes;
        _warn = warn;
    }

    /// <summary><c>statx</c> without following symlinks or triggering automounts; returns 0 or the errno.</summary>
    public static int Stat(int dirfd, byte* name, bool emptyPath, out LibC.StatxBuffer st)
    {
        int flags = LibC.AT_SYMLINK_NOFOLLOW | LibC.AT_NO_AUTOMOUNT | (emptyPath ? LibC.AT_EMPTY_PATH : 0);
        fixed (LibC.StatxBuffer* p = &st)
        {
            return LibC.statx(dirfd, name, flags, LibC.STATX_BASIC_STATS, p) == 0 ? 0 : NativeErrors.Last;
        }
    }

    /// <summary>The entry type of a <c>st_mode</c>.</summary>
    public static EntryType TypeOf(uint fileType) => fileType switch
    {
        LibC.S_IFREG => EntryType.File,
        LibC.S_IFDIR => EntryType.Directory,
        LibC.S_IFLNK => EntryType.Symlink,
        LibC.S_IFCHR => EntryType.CharacterDevice,
        LibC.S_IFBLK => EntryType.BlockDevice,
        LibC.S_IFIFO => EntryType.Fifo,
        _ => EntryType.Socket,
    };

    /// <summary>Builds the metadata of the object <paramref name="name"/> in <paramref name="dirfd"/>.</summary>
    /// <param name="dirfd">The directory holding the object (for the root: the root itself, with an empty name).</param>
    /// <param name="name">The NUL-terminated name ("\0" for the root).</param>
    /// <param name="fullPath">The NUL-terminated absolute path (for the xattr calls, which take paths).</param>
    /// <param name="relativePath">The path relative to the scan root, recorded as <see cref="EntryMetadata.Path"/>.</param>
    /// <param name="st">The object's statx.</param>
    /// <param name="display">The path for warnings.</param>
    public EntryMetadata Read(int dirfd, byte* name, byte* fullPath, byte[] relativePath, in LibC.StatxBuffer st, string display)
    {
        EntryType type = TypeOf(st.FileType);
        byte[]? linkTarget = type == EntryType.Symlink ? ReadLink(dirfd, name, display) : null;
        List<ExtendedAttribute>? xattrs = null;
        byte[]? accessAcl = null, defaultAcl = null;
        if (_readExtendedAttributes)
        {
            ReadExtendedAttributes(fullPath, display, ref xattrs, ref accessAcl, ref defaultAcl);
        }

        string? outOfRange = null;
        long accessTime = Time("atime", st.AtimeSec, st.AtimeNsec, ref outOfRange);
        long modificationTime = Time("mtime", st.MtimeSec, st.MtimeNsec, ref outOfRange);
        long changeTime = Time("ctime", st.CtimeSec, st.CtimeNsec, ref outOfRange);
        if (outOfRange is not null)
        {
            _warn(new FileSystemWarning(display, $"{outOfRange}: beyond the times an archive can record ({RecordedTime.Range}); recorded as the nearest end"));
        }

        bool device = type is EntryType.CharacterDevice or EntryType.BlockDevice;
        long size = type == EntryType.File ? (long)st.Size : 0;
        return new EntryMetadata
        {
            Path = relativePath,
            Type = type,
            Mode = st.Mode & 0xFFFu,
            Uid = st.Uid,
            Gid = st.Gid,
            UserName = _accounts.UserName(st.Uid),
            GroupName = _accounts.GroupName(st.Gid),
            AccessTimeNs = accessTime,
            ModificationTimeNs = modificationTime,
            ChangeTimeNs = changeTime,
            Size = size,
            LinkTarget = linkTarget,
            DeviceMajor = device ? st.RdevMajor : 0,
            DeviceMinor = device ? st.RdevMinor : 0,
            ExtendedAttributes = (IReadOnlyList<ExtendedAttribute>?)xattrs ?? [],
            AccessAcl = accessAcl,
            DefaultAcl = defaultAcl,
            // Only a file with fewer allocated blocks than its size can have holes worth mapping.
            SparseMap = type == EntryType.File && size > 0 && (long)st.Blocks * 512 < size ? ReadSparseMap(dirfd, name, size, display) : null,
        };
    }

    /// <summary>One time in the format's nanoseconds; one outside its span is clamped and added to <paramref name="outOfRange"/>.</summary>
    private static long Time(string field, long seconds, uint nanoseconds, ref string? outOfRange)
    {
        if (RecordedTime.TryFromUnix(seconds, nanoseconds, out long recorded))
        {
            return recorded;
        }

        string described = $"{field} {RecordedTime.Describe(seconds, nanoseconds)}";
        outOfRange = outOfRange is null ? described : $"{outOfRange}, {described}";
        return recorded;
    }

    private byte[]? ReadLink(int dirfd, byte* name, string display)
    {
        while (true)
        {
            nint n;
            fixed (byte* b = _link)
            {
                n = LibC.readlinkat(dirfd, name, b, (nuint)_link.Length);
            }

            if (n < 0)
            {
                _warn(new FileSystemWarning(display, $"cannot read the symlink target ({NativeErrors.Describe(NativeErrors.Last)}); recorded with an empty target"));
                return [];
            }

            if (n < _link.Length)
            {
                return _link.AsSpan(0, (int)n).ToArray();
            }

            _link = new byte[_link.Length * 2]; // the target may have been truncated: retry larger
        }
    }

    private void ReadExtendedAttributes(byte* path, string display, ref List<ExtendedAttribute>? xattrs, ref byte[]? accessAcl, ref byte[]? defaultAcl)
    {
        int length = Call(path, null, ref _list, isList: true, display);
        if (length <= 0)
        {
            return;
        }

        // The list is NUL-separated names; copy it, since reading values reuses no buffer but _value.
        byte[] names = _list.AsSpan(0, length).ToArray();
        int start = 0;
        while (start < names.Length)
        {
            int end = Array.IndexOf(names, (byte)0, start);
            if (end < 0)
            {
                end = names.Length;
            }

            if (end > start)
            {
                fixed (byte* n = &names[start])
                {
                    int valueLength = Call(path, n, ref _value, isList: false, display);
                    if (valueLength >= 0)
                    {
                        var name = names.AsSpan(start, end - start);
                        byte[] value = _value.AsSpan(0, valueLength).ToArray();
                        if (name.SequenceEqual(AccessAclName))
                        {
                            accessAcl = value;
                        }
                        else if (name.SequenceEqual(DefaultAclName))
                        {
                            defaultAcl = value;
                        }
                        else
                        {
                            (xattrs ??= []).Add(new ExtendedAttribute(name.ToArray(), value));
                        }
                    }
                }
            }

            start = end + 1;
        }
    }

    /// <summary>llistxattr or lgetxattr into a growing buffer; the length, or -1 after a warning (0 when unsupported).</summary>
    private int Call(byte* path, byte* name, ref byte[] buffer, bool isList, string display)
    {
        while (true)
        {
            nint n;
            fixed (byte* b = buffer)
            {
                n = isList ? LibC.llistxattr(path, b, (nuint)buffer.Length) : LibC.lgetxattr(path, name, b, (nuint)buffer.Length);
            }

            if (n >= 0)
            {
                return (int)n;
            }

            int errno = NativeErrors.Last;
            if (errno == LibC.ERANGE)
            {
                nint needed = isList ? LibC.llistxattr(path, null, 0) : LibC.lgetxattr(path, name, null, 0);
                buffer = new byte[Math.Max(buffer.Length * 2, (int)Math.Min(needed + 1, 1 << 26))];
                continue;
            }

            if (errno is LibC.EOPNOTSUPP or LibC.ENODATA)
            {
                return isList ? 0 : -1;
            }

            string what = isList ? "list extended attributes" : $"read extended attribute {Marshal.PtrToStringUTF8((nint)name)}";
            _warn(new FileSystemWarning(display, $"cannot {what} ({NativeErrors.Describe(errno)}); skipped"));
            return -1;
        }
    }

    private List<SparseRegion>? ReadSparseMap(int dirfd, byte* name, long size, string display)
    {
        int fd = NativeFile.OpenWithoutAtime(dirfd, name, NativeFile.ReadFlags);
        if (fd < 0)
        {
            _warn(new FileSystemWarning(display, $"cannot open to map holes ({NativeErrors.Describe(NativeErrors.Last)}); stored densely"));
            return null;
        }

        try
        {
            var regions = DataRegions.Map(fd, size);
            if (regions is null)
            {
                return null; // SEEK_DATA unsupported: store densely
            }

            // Fewer blocks than bytes without an actual hole (compression, inline data): not sparse.
            return regions is [{ Offset: 0 } only] && only.Length == size ? null : regions;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
