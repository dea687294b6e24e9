using Cairn.Engine.FileSystem.Native;

namespace Cairn.Engine.FileSystem;

/// <summary>Path checking and the O_NOFOLLOW walk from the target's directory descriptor.</summary>
public sealed unsafe partial class RestoreTarget
{
    private const int DirectoryFlags = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;

    // The directories of the last path resolved, each opened from its parent: entries arrive in tree
    // order, so consecutive entries share most of the walk. _chain[i] is the directory at depth i + 1.
    private readonly List<(byte[] Name, int Fd)> _chain = [];

    /// <summary>
    /// Splits an archive path into NUL-terminated segments, refusing anything that could leave the target.
    /// </summary>
    /// <exception cref="UnsafePathException">The path is absolute, has an empty, <c>.</c> or <c>..</c> segment, or a NUL byte.</exception>
    private static List<byte[]> Segments(byte[] path, bool allowRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<byte[]>();
        if (path.Length == 0)
        {
            return allowRoot ? segments : throw new UnsafePathException("", "the path is empty");
        }

        if (path[0] == (byte)'/')
        {
            throw new UnsafePathException(NativeErrors.Display(path), "the path is absolute");
        }

        if (Array.IndexOf(path, (byte)0) >= 0)
        {
            throw new UnsafePathException(NativeErrors.Display(path.AsSpan(0, Array.IndexOf(path, (byte)0))) + "\\0...", "the path contains a NUL byte");
        }

        int start = 0;
        while (start <= path.Length)
        {
            int end = Array.IndexOf(path, (byte)'/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var segment = path.AsSpan(start, end - start);
            if (segment.IsEmpty || segment is [(byte)'.'] || segment is [(byte)'.', (byte)'.'])
            {
                throw new UnsafePathException(NativeErrors.Display(path), segment.IsEmpty ? "the path has an empty segment" : $"the path has a '{NativeErrors.Display(segment)}' segment");
            }

            byte[] copy = new byte[segment.Length + 1];
            segment.CopyTo(copy);
            segments.Add(copy);
            start = end + 1;
        }

        return segments;
    }

    /// <summary>
    /// The descriptor of the directory <paramref name="segments"/>[..<paramref name="count"/>] under the
    /// target, opened segment by segment with O_NOFOLLOW (borrowed: valid until the next resolve).
    /// </summary>
    /// <exception cref="UnsafePathException">A segment is a symlink.</exception>
    /// <exception cref="IOException">A segment is missing (and <paramref name="create"/> is off) or not a directory.</exception>
    private int Resolve(List<byte[]> segments, int count, bool create, byte[] path)
    {
        int common = 0;
        while (common < _chain.Count && common < count && _chain[common].Name.AsSpan().SequenceEqual(segments[common]))
        {
            common++;
        }

        Truncate(common);
        int fd = common == 0 ? _rootFd : _chain[common - 1].Fd;
        for (int i = common; i < count; i++)
        {
            fd = OpenStep(fd, segments[i], create, path);
            _chain.Add((segments[i], fd));
        }

        return fd;
    }

    /// <summary>Forgets cached directories at depth <paramref name="depth"/> and below.</summary>
    private void Truncate(int depth)
    {
        for (int i = _chain.Count - 1; i >= depth; i--)
        {
            LibC.close(_chain[i].Fd);
            _chain.RemoveAt(i);
        }
    }

    /// <summary>Drops cached descriptors that pass through <paramref name="segments"/> (about to be replaced).</summary>
    private void Invalidate(List<byte[]> segments)
    {
        int n = segments.Count;
        if (_chain.Count < n)
        {
            return;
        }

        for (int i = 0; i < n; i++)
        {
            if (!_chain[i].Name.AsSpan().SequenceEqual(segments[i]))
            {
                return;
            }
        }

        Truncate(n - 1);
    }

    private int OpenStep(int dirfd, byte[] name, bool create, byte[] path)
    {
        fixed (byte* n = name)
        {
            int fd = LibC.openat(dirfd, n, DirectoryFlags, 0);
            if (fd >= 0)
            {
                return fd;
            }

            int errno = NativeErrors.Last;
            if (errno == LibC.ENOENT && create)
            {
                // A parent the archive does not list (a partial restore): created with default permissions.
                if (LibC.mkdirat(dirfd, n, 0x1FF) != 0 && NativeErrors.Last != LibC.EEXIST)
                {
                    throw NativeErrors.ToException(NativeErrors.Last, "mkdir", NativeErrors.Display(path));
                }

                fd = LibC.openat(dirfd, n, DirectoryFlags, 0);
                if (fd >= 0)
                {
                    return fd;
                }

                errno = NativeErrors.Last;
            }

            if (errno is LibC.ELOOP or LibC.ENOTDIR)
            {
                if (MetadataReader.Stat(dirfd, n, emptyPath: false, out var st) == 0 && st.FileType == LibC.S_IFLNK)
                {
                    throw new UnsafePathException(NativeErrors.Display(path), $"its parent '{NativeErrors.Display(name)}' is a symlink, and restores never write through symlinks");
                }

                throw new IOException($"Cannot restore '{NativeErrors.Display(path)}': its parent '{NativeErrors.Display(name)}' is not a directory.");
            }

            throw NativeErrors.ToException(errno, "open directory", NativeErrors.Display(path));
        }
    }

    /// <summary>A private descriptor of the same directory (survives later resolves).</summary>
    private static int Duplicate(int dirfd, byte[] path)
    {
        byte* dot = stackalloc byte[] { (byte)'.', 0 };
        int fd = LibC.openat(dirfd, dot, DirectoryFlags, 0);
        return fd >= 0 ? fd : throw NativeErrors.ToException(NativeErrors.Last, "open directory", NativeErrors.Display(path));
    }
}
