using System.Security.Cryptography;
using System.Text;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Recreates archived objects under a target directory, safely. Linux only.
/// </summary>
/// <remarks>
/// <para><b>Safety.</b> Every path is checked first: absolute paths, empty, <c>.</c> and <c>..</c> segments
/// and NUL bytes are refused with <see cref="UnsafePathException"/>. Parents are then opened one segment at
/// a time from a descriptor of the target with <c>O_NOFOLLOW | O_DIRECTORY</c>, so a symlink, whether
/// restored earlier from the archive or already in the target, is never used as a parent (also
/// <see cref="UnsafePathException"/>), and no write can land outside the target. Files are created without
/// a name (O_TMPFILE) and linked into place when finished, other objects under a temporary name; over an
/// existing object they are renamed from a temporary name, so a symlink already at the final name is
/// replaced, never written through.</para>
/// <para><b>Metadata.</b> Applied after the data: owner (only with <see cref="RestoreOptions.RestoreOwnership"/>;
/// by user and group name first, then by numeric id), mode, ACLs, extended attributes, then access and
/// modification times in ns (symlinks included; the change time cannot be set). Directories are created
/// <c>0700</c> and receive all their metadata in <see cref="Finish"/>, deepest first, so restoring their
/// contents cannot disturb their times and a read-only mode cannot block their contents. A problem
/// applying metadata is a <see cref="FileSystemWarning"/>, not an error.</para>
/// <para><b>Other objects.</b> Hard links point at an already restored path inside the target. Devices
/// need root (otherwise a warning); sockets are never recreated (a warning). An entry with an empty path
/// and type <see cref="EntryType.Directory"/> describes the target directory itself.</para>
/// </remarks>
public sealed unsafe partial class RestoreTarget : IDisposable
{
    private readonly RestoreOptions _options;
    private readonly Action<FileSystemWarning> _warn;
    private readonly List<FileSystemWarning> _warnings = [];
    private readonly Accounts _accounts = new();
    private readonly List<(List<byte[]> Segments, EntryMetadata Metadata)> _directories = [];
    private readonly bool _isRoot = LibC.geteuid() == 0;

    // Guards the cached directory descriptors (_chain) and the root's: a resolved descriptor is borrowed
    // until the next resolve, so resolving and using it happen under the lock. Files prepared on one thread
    // may be opened and finished on others (PendingFile); of that, only replacing a directory in the way
    // touches the cache. Warnings and account lookups have locks of their own.
    private readonly Lock _paths = new();

    // Files are created nameless (O_TMPFILE) when the options and a first try in the target allow it, until
    // a directory's filesystem refuses.
    private bool _namelessFiles;
    private int _rootFd;

    /// <summary>Opens (creating if needed) the target directory.</summary>
    /// <param name="directory">Where to restore.</param>
    /// <param name="options">How to restore; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The directory names a file.</exception>
    /// <exception cref="IOException">The directory cannot be created or opened.</exception>
    public RestoreTarget(string directory, RestoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _options = options ?? new RestoreOptions();
        _warn = _options.OnWarning ?? _warnings.Add;
        Directory = SelectionRules.NormalizeRoot(directory);
        MakeRoot(Directory);
        byte[] path = [.. Encoding.UTF8.GetBytes(Directory), 0];
        fixed (byte* p = path)
        {
            _rootFd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        }

        if (_rootFd < 0)
        {
            throw NativeErrors.ToException(NativeErrors.Last, "open", Directory);
        }

        _namelessFiles = _options.NamelessFiles && CanLinkNamelessFiles(_rootFd);
    }

    /// <summary>The absolute target directory.</summary>
    public string Directory { get; }

    /// <summary>Makes the target folder, with a message that says which folder and why when it cannot be.</summary>
    /// <exception cref="ArgumentException">The path names a file.</exception>
    /// <exception cref="IOException">The folder cannot be made.</exception>
    private static void MakeRoot(string directory)
    {
        if (File.Exists(directory))
        {
            throw new ArgumentException($"{directory} is a file, not a folder to write into.", nameof(directory));
        }

        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot make the folder {directory} ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    /// <summary>The problems so far, when <see cref="RestoreOptions.OnWarning"/> is not set.</summary>
    public IReadOnlyList<FileSystemWarning> Warnings => _warnings;

    /// <summary>
    /// Creates a regular file and returns the stream to write its content into. The content has the form
    /// <see cref="ScannedEntry.OpenContent"/> gives: the whole file, or for a file with a
    /// <see cref="EntryMetadata.SparseMap"/> only its data regions back to back (the holes are skipped).
    /// <see cref="RestoreFileStream.Commit"/> sets the length to <see cref="EntryMetadata.Size"/>, applies the
    /// metadata and puts the file in place; disposing the stream without committing removes the file.
    /// </summary>
    /// <param name="entry">The file's metadata (<see cref="EntryType.File"/>).</param>
    /// <returns>A write-only stream; commit it to finish the file, dispose it in any case.</returns>
    /// <exception cref="ArgumentException">The entry is not a file.</exception>
    /// <exception cref="UnsafePathException">The path could leave the target.</exception>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public RestoreFileStream CreateFile(EntryMetadata entry) => PrepareFile(entry).Open();

    /// <summary>
    /// The first half of <see cref="CreateFile"/>: checks the path and opens its directory (creating missing
    /// parents), but creates nothing in it. <see cref="PendingFile.Open"/>, the second half, may run on
    /// another thread, several at once: creating inodes is most of the kernel's work in a restore of many
    /// small files, and on ext4 it runs faster on several cores.
    /// </summary>
    /// <param name="entry">The file's metadata (<see cref="EntryType.File"/>).</param>
    /// <returns>The file to open; dispose it if it is never opened.</returns>
    /// <exception cref="ArgumentException">The entry is not a file.</exception>
    /// <exception cref="UnsafePathException">The path could leave the target.</exception>
    /// <exception cref="IOException">A parent directory cannot be opened or created.</exception>
    public PendingFile PrepareFile(EntryMetadata entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_rootFd < 0, this);
        if (entry.Type != EntryType.File)
        {
            throw new ArgumentException($"CreateFile takes a file entry, not {entry.Type}; use Create.", nameof(entry));
        }

        var segments = Segments(entry.Path, allowRoot: false);
        lock (_paths)
        {
            int dirfd = Duplicate(Resolve(segments, segments.Count - 1, create: true, entry.Path), entry.Path);
            return new PendingFile(this, dirfd, segments, entry);
        }
    }

    /// <summary>
    /// Creates a prepared file (any thread); the stream owns <paramref name="dirfd"/>. Where the filesystem
    /// can, the file is created without a name (O_TMPFILE) and linked into place when finished: ext4
    /// allocates the inode without holding the directory's lock, so files of one directory are created in
    /// parallel, and an interrupted restore leaves no temporary file behind. Elsewhere, a temporary name.
    /// </summary>
    internal RestoreFileStream Open(int dirfd, List<byte[]> segments, EntryMetadata entry)
    {
        string display = NativeErrors.Display(entry.Path);
        int fd;
        if (Volatile.Read(ref _namelessFiles))
        {
            fd = OpenNameless(dirfd);
            if (fd >= 0)
            {
                return new RestoreFileStream(this, new SafeFileHandle(fd, ownsHandle: true), dirfd, temp: null, segments, entry, display);
            }

            int errno = NativeErrors.Last;
            if (errno is not (LibC.EOPNOTSUPP or LibC.EISDIR or LibC.EINVAL))
            {
                throw NativeErrors.ToException(errno, "create", display);
            }

            Volatile.Write(ref _namelessFiles, false); // this filesystem (or kernel) has no O_TMPFILE
        }

        byte[] temp = TempName();
        fixed (byte* t = temp)
        {
            fd = LibC.openat(dirfd, t, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0x180);
        }

        if (fd < 0)
        {
            throw NativeErrors.ToException(NativeErrors.Last, "create", display);
        }

        return new RestoreFileStream(this, new SafeFileHandle(fd, ownsHandle: true), dirfd, temp, segments, entry, display);
    }

    /// <summary>
    /// Creates a directory, symlink, hard link, fifo or device (sockets are skipped with a warning).
    /// Directory metadata is applied by <see cref="Finish"/>; everything else's at once.
    /// </summary>
    /// <param name="entry">The object's metadata (not <see cref="EntryType.File"/>).</param>
    /// <exception cref="ArgumentException">The entry is a file, or lacks its link target.</exception>
    /// <exception cref="UnsafePathException">The path or a hard link's target could leave the target.</exception>
    /// <exception cref="IOException">The object cannot be created.</exception>
    public void Create(EntryMetadata entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_rootFd < 0, this);
        if (entry.Type == EntryType.File)
        {
            throw new ArgumentException("Files are created with CreateFile, which takes their content.", nameof(entry));
        }

        var segments = Segments(entry.Path, allowRoot: entry.Type == EntryType.Directory);
        string display = NativeErrors.Display(entry.Path);
        if (segments.Count == 0)
        {
            _directories.Add((segments, entry));
            return;
        }

        lock (_paths)
        {
            CreateOther(segments, entry, display);
        }
    }

    private void CreateOther(List<byte[]> segments, EntryMetadata entry, string display)
    {
        int dirfd = Resolve(segments, segments.Count - 1, create: true, entry.Path);
        switch (entry.Type)
        {
            case EntryType.Directory:
                CreateDirectory(dirfd, segments, entry, display);
                return;
            case EntryType.Socket:
                Warn(display, "sockets are not recreated; skipped");
                return;
            case EntryType.CharacterDevice or EntryType.BlockDevice when !_isRoot:
                Warn(display, "creating a device needs root; skipped");
                return;
            case EntryType.HardLink:
                CreateHardLink(dirfd, segments, entry, display);
                return;
        }

        byte[] temp = TempName();
        int result;
        fixed (byte* t = temp)
        {
            switch (entry.Type)
            {
                case EntryType.Symlink:
                    byte[] target = entry.LinkTarget is { Length: > 0 } lt && Array.IndexOf(lt, (byte)0) < 0
                        ? [.. lt, 0]
                        : throw new ArgumentException($"The symlink '{display}' has no usable target.", nameof(entry));
                    fixed (byte* tg = target)
                    {
                        result = LibC.symlinkat(tg, dirfd, t);
                    }

                    break;
                case EntryType.Fifo:
                    result = LibC.mknodat(dirfd, t, LibC.S_IFIFO | 0x180, 0);
                    break;
                default:
                    uint kind = entry.Type == EntryType.CharacterDevice ? LibC.S_IFCHR : LibC.S_IFBLK;
                    result = LibC.mknodat(dirfd, t, kind | 0x180, LibC.MakeDev(entry.DeviceMajor, entry.DeviceMinor));
                    break;
            }
        }

        if (result != 0)
        {
            throw NativeErrors.ToException(NativeErrors.Last, $"create {entry.Type}", display);
        }

        // Metadata goes on under the temporary name, then the finished object takes its place.
        ApplyByName(dirfd, temp, entry, display);
        MoveIntoPlace(dirfd, temp, segments, display);
    }

    /// <summary>
    /// Whether something other than a directory already has <paramref name="path"/> under the target (a file,
    /// a symlink, a special file), found through the same checked walk as writes, creating nothing.
    /// </summary>
    /// <param name="path">The archive path.</param>
    /// <exception cref="UnsafePathException">The path could leave the target.</exception>
    public bool Holds(byte[] path) => TryStat(path, out var st) && st.FileType != LibC.S_IFDIR;

    /// <summary>
    /// Whether <paramref name="entry"/>'s name already holds a regular file of its size and modification time, as
    /// one that an earlier restore finished does: a restored file gets its name only once its content and metadata
    /// are in place (<see cref="RestoreFileStream.Commit"/>), so a restore that was stopped leaves no such file half
    /// written.
    /// </summary>
    /// <exception cref="UnsafePathException">The path could leave the target.</exception>
    public bool HoldsSameFile(EntryMetadata entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TryStat(entry.Path, out var st)
            && st.FileType == LibC.S_IFREG
            && (long)st.Size == entry.Size
            && st.ModificationTimeNs == entry.ModificationTimeNs;
    }

    /// <summary>Stats what has <paramref name="path"/>'s name in the target (not following a link), through the checked walk.</summary>
    private bool TryStat(byte[] path, out LibC.StatxBuffer st)
    {
        ObjectDisposedException.ThrowIf(_rootFd < 0, this);
        var segments = Segments(path, allowRoot: false);
        lock (_paths)
        {
            int dirfd;
            try
            {
                dirfd = Resolve(segments, segments.Count - 1, create: false, path);
            }
            catch (IOException ex) when (ex is not UnsafePathException)
            {
                st = default;
                return false; // no such parent (or not a directory: the restore itself says so)
            }

            fixed (byte* n = segments[^1])
            {
                return MetadataReader.Stat(dirfd, n, emptyPath: false, out st) == 0;
            }
        }
    }

    /// <summary>
    /// Opens a file restored earlier, for reading (for example as the basis of a delta), through the same
    /// checked walk as writes.
    /// </summary>
    /// <param name="path">The archive path.</param>
    /// <returns>A read-only, seekable stream.</returns>
    /// <exception cref="UnsafePathException">The path could leave the target.</exception>
    /// <exception cref="IOException">The file does not exist or cannot be opened.</exception>
    public Stream OpenRead(byte[] path)
    {
        ObjectDisposedException.ThrowIf(_rootFd < 0, this);
        var segments = Segments(path, allowRoot: false);
        int fd;
        lock (_paths)
        {
            int dirfd = Resolve(segments, segments.Count - 1, create: false, path);
            fixed (byte* n = segments[^1])
            {
                fd = LibC.openat(dirfd, n, NativeFile.ReadFlags, 0);
            }
        }

        return fd >= 0
            ? new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0)
            : throw NativeErrors.ToException(NativeErrors.Last, "open", NativeErrors.Display(path));
    }

    /// <summary>Applies the directories' metadata, deepest first. Call once, after every entry.</summary>
    /// <exception cref="UnsafePathException">A directory was replaced by a symlink meanwhile.</exception>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_rootFd < 0, this);
        lock (_paths)
        {
            ApplyDirectoryMetadata();
        }
    }

    private void ApplyDirectoryMetadata()
    {
        Truncate(0);
        foreach (var (segments, meta) in _directories.OrderByDescending(d => d.Segments.Count))
        {
            string display = NativeErrors.Display(meta.Path);
            try
            {
                int fd = Resolve(segments, segments.Count, create: false, meta.Path);
                ApplyToDescriptor(fd, meta, display.Length == 0 ? Directory : display);
            }
            catch (IOException e) when (e is not UnsafePathException)
            {
                Warn(display, $"cannot apply the directory's metadata ({e.Message})");
            }
        }

        _directories.Clear();
        Truncate(0);
    }

    /// <summary>Closes the target's descriptors (without applying pending directory metadata).</summary>
    public void Dispose()
    {
        lock (_paths)
        {
            if (_rootFd >= 0)
            {
                Truncate(0);
                LibC.close(_rootFd);
                _rootFd = -1;
            }
        }
    }

    private void CreateDirectory(int dirfd, List<byte[]> segments, EntryMetadata entry, string display)
    {
        fixed (byte* n = segments[^1])
        {
            if (LibC.mkdirat(dirfd, n, 0x1C0) != 0)
            {
                int errno = NativeErrors.Last;
                if (errno != LibC.EEXIST)
                {
                    throw NativeErrors.ToException(errno, "mkdir", display);
                }

                // Something is there: keep a directory, replace anything else (a symlink is removed, not followed).
                if (MetadataReader.Stat(dirfd, n, emptyPath: false, out var st) != 0 || st.FileType != LibC.S_IFDIR)
                {
                    if (LibC.unlinkat(dirfd, n, 0) != 0 || LibC.mkdirat(dirfd, n, 0x1C0) != 0)
                    {
                        throw NativeErrors.ToException(NativeErrors.Last, "replace with a directory", display);
                    }
                }
            }
        }

        _directories.Add((segments, entry));
    }

    private void CreateHardLink(int dirfd, List<byte[]> segments, EntryMetadata entry, string display)
    {
        byte[] targetPath = entry.LinkTarget ?? throw new ArgumentException($"The hard link '{display}' has no target.", nameof(entry));
        var targetSegments = Segments(targetPath, allowRoot: false);
        int linkDir = Duplicate(dirfd, entry.Path);
        try
        {
            int targetDir = Resolve(targetSegments, targetSegments.Count - 1, create: false, targetPath);
            byte[] temp = TempName();
            int result;
            fixed (byte* target = targetSegments[^1])
            fixed (byte* t = temp)
            {
                result = LibC.linkat(targetDir, target, linkDir, t, 0); // flags 0: a symlink target is linked, not followed
            }

            if (result != 0)
            {
                throw NativeErrors.ToException(NativeErrors.Last, $"link to '{NativeErrors.Display(targetPath)}'", display);
            }

            MoveIntoPlace(linkDir, temp, segments, display);
        }
        finally
        {
            LibC.close(linkDir);
        }
    }

    /// <summary>
    /// Whether a nameless file created in <paramref name="dirfd"/> can be given a name: the filesystem must
    /// have O_TMPFILE, and /proc must be there and let us link through it (a hardened container may not).
    /// Tried once, with a temporary name removed at once, so that a restore never finds out half-way.
    /// </summary>
    private static bool CanLinkNamelessFiles(int dirfd)
    {
        int fd = OpenNameless(dirfd);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            byte[] temp = TempName();
            if (!TryLinkNameless(fd, dirfd, temp))
            {
                return false;
            }

            fixed (byte* t = temp)
            {
                LibC.unlinkat(dirfd, t, 0);
            }

            return true;
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>A new file without a name in <paramref name="dirfd"/>, open for writing (O_TMPFILE), or -1 and errno.</summary>
    private static int OpenNameless(int dirfd)
    {
        byte* dot = stackalloc byte[] { (byte)'.', 0 };
        return LibC.openat(dirfd, dot, LibC.O_WRONLY | LibC.O_TMPFILE | LibC.O_CLOEXEC, 0x180);
    }

    /// <summary>
    /// Gives the finished nameless file <paramref name="fd"/> its final name; over an existing object, through
    /// a temporary name and <see cref="MoveIntoPlace"/>, as for named files.
    /// </summary>
    internal void LinkIntoPlace(int fd, int dirfd, List<byte[]> segments, string display)
    {
        if (TryLinkNameless(fd, dirfd, segments[^1]))
        {
            return;
        }

        int errno = NativeErrors.Last;
        if (errno != LibC.EEXIST)
        {
            throw NativeErrors.ToException(errno, "link into place", display);
        }

        byte[] temp = TempName();
        if (!TryLinkNameless(fd, dirfd, temp))
        {
            throw NativeErrors.ToException(NativeErrors.Last, "link into place", display);
        }

        MoveIntoPlace(dirfd, temp, segments, display);
    }

    /// <summary>
    /// Gives nameless file <paramref name="fd"/> the NUL-terminated <paramref name="name"/> in
    /// <paramref name="dirfd"/>, through its /proc link: linkat(fd, "", AT_EMPTY_PATH) needs
    /// CAP_DAC_READ_SEARCH, the /proc link is the unprivileged way. False with errno set when it fails.
    /// </summary>
    private static bool TryLinkNameless(int fd, int dirfd, byte[] name)
    {
        byte[] source = Encoding.ASCII.GetBytes($"/proc/self/fd/{fd}\0");
        fixed (byte* from = source)
        fixed (byte* n = name)
        {
            return LibC.linkat(LibC.AT_FDCWD, from, dirfd, n, LibC.AT_SYMLINK_FOLLOW) == 0;
        }
    }

    /// <summary>Renames the finished temporary object over the final name (removing an empty directory in the way).</summary>
    internal void MoveIntoPlace(int dirfd, byte[] temp, List<byte[]> segments, string display)
    {
        fixed (byte* t = temp)
        fixed (byte* n = segments[^1])
        {
            if (LibC.renameat(dirfd, t, dirfd, n) == 0)
            {
                return;
            }

            int errno = NativeErrors.Last;
            if (errno is LibC.EISDIR or LibC.ENOTEMPTY or LibC.EEXIST)
            {
                lock (_paths)
                {
                    Invalidate(segments); // a file opened on another thread may get here: see _paths
                }

                if (LibC.unlinkat(dirfd, n, LibC.AT_REMOVEDIR) == 0 && LibC.renameat(dirfd, t, dirfd, n) == 0)
                {
                    return;
                }

                errno = NativeErrors.Last;
            }

            LibC.unlinkat(dirfd, t, 0);
            throw NativeErrors.ToException(errno, "replace", display);
        }
    }

    /// <summary>Removes a temporary object left by a failure (best effort: the failure is what gets reported).</summary>
    internal static void RemoveTemporary(int dirfd, byte[] temp)
    {
        fixed (byte* t = temp)
        {
            LibC.unlinkat(dirfd, t, 0);
        }
    }

    /// <summary>A NUL-terminated temporary name, unique enough that O_EXCL never meets an old one.</summary>
    private static byte[] TempName()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return Encoding.ASCII.GetBytes($".cairn-restore-{Convert.ToHexStringLower(random)}\0");
    }
}
