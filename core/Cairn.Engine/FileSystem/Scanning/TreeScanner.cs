using System.Globalization;
using System.Text;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Walks a source tree depth first and yields every selected object with its complete metadata. Linux only.
/// </summary>
/// <remarks>
/// <para><b>Order.</b> The root comes first (with an empty <see cref="EntryMetadata.Path"/>), then each
/// directory's names sorted by their raw bytes, a directory directly followed by its contents (so
/// <c>a</c>, <c>a/x</c>, <c>a.txt</c>). The order depends only on the names, so two scans of the same tree
/// agree and a restore can merge two scans in one pass.</para>
/// <para><b>Memory.</b> The walk is streaming: it holds the sorted listing of each directory on the current
/// path, the names of inodes with several links seen so far, and the user and group name caches, never the
/// whole tree.</para>
/// <para><b>Objects.</b> Symlinks are recorded, never followed (the root itself may be a symlink to a
/// directory). Other filesystems are not entered unless <see cref="TreeScannerOptions.CrossFilesystems"/>
/// is set. The second and later names of a non-directory with several links become
/// <see cref="EntryType.HardLink"/> entries whose <see cref="EntryMetadata.LinkTarget"/> is the first
/// selected name. Extended attributes are recorded raw except <c>system.posix_acl_access</c> and
/// <c>system.posix_acl_default</c>, which become <see cref="EntryMetadata.AccessAcl"/> and
/// <see cref="EntryMetadata.DefaultAcl"/>. A sparse map is recorded only for a file that has holes. The objects
/// <see cref="TreeScannerOptions.LeaveOut"/> names are neither recorded nor entered.</para>
/// <para><b>Errors.</b> A problem with one object (permission denied, vanished during the scan) becomes a
/// <see cref="FileSystemWarning"/> and the walk goes on; a directory that cannot be listed is recorded
/// without its contents. Only a root that cannot be opened stops the scan.</para>
/// </remarks>
public sealed unsafe class TreeScanner
{
    private readonly TreeScannerOptions _options;
    private readonly List<FileSystemWarning> _warnings = [];
    private readonly byte[] _rootBytes;

    /// <summary>A scanner with selection rules and default options.</summary>
    /// <param name="root">The directory to scan.</param>
    /// <param name="rules">Which paths to select, or <see langword="null"/> for everything.</param>
    public TreeScanner(string root, SelectionRules? rules = null)
        : this(root, new TreeScannerOptions { Rules = rules ?? SelectionRules.All })
    {
    }

    /// <summary>A scanner with options.</summary>
    /// <param name="root">The directory to scan.</param>
    /// <param name="options">How to scan.</param>
    public TreeScanner(string root, TreeScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        Root = SelectionRules.NormalizeRoot(root);
        _rootBytes = Encoding.UTF8.GetBytes(Root);
        _options = options;
    }

    /// <summary>The absolute root directory.</summary>
    public string Root { get; }

    /// <summary>The warnings of the scans so far, when <see cref="TreeScannerOptions.OnWarning"/> is not set.</summary>
    public IReadOnlyList<FileSystemWarning> Warnings => _warnings;

    /// <summary>Walks the tree. Enumerate it once per scan; each enumeration walks the tree afresh.</summary>
    /// <returns>The selected objects in scan order.</returns>
    /// <exception cref="DirectoryNotFoundException">The root does not exist or is not a directory (thrown on the first MoveNext).</exception>
    /// <exception cref="UnauthorizedAccessException">The root cannot be opened.</exception>
    public IEnumerable<ScannedEntry> Scan()
    {
        Action<FileSystemWarning> warn = _options.OnWarning ?? _warnings.Add;
        var reader = new MetadataReader(_options.ReadExtendedAttributes, warn);
        var rules = _options.Rules;
        byte[]? marker = rules.ExcludeIfPresent is { } m ? Encoding.UTF8.GetBytes(m) : null;
        HashSet<ObjectIdentity>? leaveOut = _options.LeaveOut.Count == 0 ? null : [.. _options.LeaveOut];
        var walk = new Walk(reader, warn);
        var stack = new List<Frame>();
        try
        {
            Frame root = walk.OpenRoot(_rootBytes, Root, out ScannedEntry rootEntry);
            long rootDevice = rootEntry.Device;
            yield return rootEntry;
            stack.Add(root);

            while (stack.Count > 0)
            {
                Frame frame = stack[^1];
                if (frame.Next >= frame.Names.Count)
                {
                    frame.Close();
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                byte[] name = frame.Names[frame.Next++];
                frame.Names[frame.Next - 1] = null!; // let the name go once visited
                if (!walk.TryStat(frame, name, out LibC.StatxBuffer st))
                {
                    continue;
                }

                bool isDirectory = st.FileType == LibC.S_IFDIR;
                byte[] relative = Concat(frame.RelativePrefix, name.AsSpan(0, name.Length - 1));
                if (leaveOut is not null && leaveOut.Contains(st.Identity))
                {
                    _options.OnLeftOut?.Invoke(Encoding.UTF8.GetString(relative), st.Identity);
                    continue;
                }

                var decision = SelectionDecision.Include;
                if (rules.HasRules)
                {
                    decision = rules.Evaluate(Encoding.UTF8.GetString(relative), isDirectory);
                    if (decision == SelectionDecision.Exclude)
                    {
                        continue;
                    }
                }

                if (isDirectory && marker is not null && walk.Contains(frame, name, marker))
                {
                    continue;
                }

                if (isDirectory && rules.ExcludeCaches && walk.IsTaggedCache(frame, name))
                {
                    continue;
                }

                ScannedEntry entry = walk.Describe(frame, name, relative, st);
                if (!isDirectory || decision == SelectionDecision.Include)
                {
                    // A traversed ancestor is recorded once something beneath it is selected.
                    foreach (Frame ancestor in stack)
                    {
                        if (ancestor.Pending is { } pending)
                        {
                            ancestor.Pending = null;
                            yield return pending;
                        }
                    }

                    yield return entry;
                }

                if (isDirectory && (_options.CrossFilesystems || entry.Device == rootDevice) &&
                    walk.OpenChild(frame, name, relative, entry) is { } child)
                {
                    child.Pending = decision == SelectionDecision.Traverse ? entry : null;
                    stack.Add(child);
                }
            }
        }
        finally
        {
            foreach (Frame frame in stack)
            {
                frame.Close();
            }
        }
    }

    /// <summary>
    /// Describes one object that is not a directory (a file, symlink, device...) with the same complete
    /// metadata a scan records, without following a symlink. <see cref="EntryMetadata.Path"/> is empty, as
    /// for a scan's root.
    /// </summary>
    /// <param name="path">The object.</param>
    /// <param name="options">How to read metadata (selection rules do not apply); warnings go to <see cref="TreeScannerOptions.OnWarning"/> only.</param>
    /// <returns>The object, or <see langword="null"/> when it is a directory (scan it instead).</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The object or its parent cannot be read.</exception>
    public static ScannedEntry? DescribeOne(string path, TreeScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        string full = SelectionRules.NormalizeRoot(path);
        string parent = Path.GetDirectoryName(full) ?? "/";
        byte[] name = Encoding.UTF8.GetBytes(Path.GetFileName(full) + "\0");
        Action<FileSystemWarning> warn = options.OnWarning ?? (_ => { });
        var walk = new Walk(new MetadataReader(options.ReadExtendedAttributes, warn), warn);
        // Only a descriptor of the parent: neither its listing nor its own metadata is needed.
        byte[] parentBytes = Encoding.UTF8.GetBytes(parent);
        int fd;
        fixed (byte* p = Concat(parentBytes, "\0"u8))
        {
            fd = NativeFile.OpenWithoutAtime(LibC.AT_FDCWD, p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        }

        if (fd < 0)
        {
            int openError = NativeErrors.Last;
            throw openError is LibC.ENOENT or LibC.ENOTDIR ? new FileNotFoundException($"'{full}' does not exist.", full) : NativeErrors.ToException(openError, "open", parent);
        }

        var frame = new Frame { Fd = fd, Names = [], RelativePrefix = [], FullPrefix = parentBytes is [(byte)'/'] ? parentBytes : Concat(parentBytes, "/"u8) };
        try
        {
            LibC.StatxBuffer st;
            int error;
            fixed (byte* n = name)
            {
                error = MetadataReader.Stat(frame.Fd, n, emptyPath: false, out st);
            }

            if (error != 0)
            {
                throw error == LibC.ENOENT ? new FileNotFoundException($"'{full}' does not exist.", full) : NativeErrors.ToException(error, "stat", full);
            }

            return st.FileType == LibC.S_IFDIR ? null : walk.Describe(frame, name, [], st);
        }
        finally
        {
            frame.Close();
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        byte[] result = new byte[a.Length + b.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        return result;
    }

    /// <summary>One directory on the current path: its descriptor, sorted names and path prefixes.</summary>
    private sealed class Frame
    {
        public int Fd = -1;
        public required List<byte[]> Names;
        public int Next;
        public required byte[] RelativePrefix; // "" for the root, else "a/b/"
        public required byte[] FullPrefix;     // "/src/" or "/src/a/b/"
        public ScannedEntry? Pending;

        public void Close()
        {
            if (Fd >= 0)
            {
                LibC.close(Fd);
                Fd = -1;
            }
        }
    }

    /// <summary>The per-scan state and the native work of the walk (iterators cannot hold pointers).</summary>
    private sealed class Walk(MetadataReader reader, Action<FileSystemWarning> warn)
    {
        private const int DirectoryFlags = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
        private const int PathMax = 4096;
        private readonly byte[] _listingBuffer = new byte[64 * 1024];
        private readonly Dictionary<ObjectIdentity, byte[]> _firstNames = [];
        private byte[] _path = new byte[4096];

        public Frame OpenRoot(byte[] rootBytes, string display, out ScannedEntry entry)
        {
            byte[] cRoot = Concat(rootBytes, "\0"u8);
            int fd;
            fixed (byte* p = cRoot)
            {
                fd = NativeFile.OpenWithoutAtime(LibC.AT_FDCWD, p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC); // follows a symlinked root
            }

            if (fd < 0)
            {
                int errno = NativeErrors.Last;
                throw errno is LibC.ENOENT or LibC.ENOTDIR
                    ? new DirectoryNotFoundException($"The source directory '{display}' does not exist or is not a directory.")
                    : NativeErrors.ToException(errno, "open", display);
            }

            byte[] fullPrefix = rootBytes is [(byte)'/'] ? rootBytes : Concat(rootBytes, "/"u8);
            var frame = new Frame { Fd = fd, Names = [], RelativePrefix = [], FullPrefix = fullPrefix };
            try
            {
                LibC.StatxBuffer st;
                int error;
                byte empty = 0;
                error = MetadataReader.Stat(fd, &empty, emptyPath: true, out st);
                if (error != 0)
                {
                    throw NativeErrors.ToException(error, "stat", display);
                }

                EntryMetadata meta;
                fixed (byte* p = cRoot)
                {
                    meta = reader.Read(fd, &empty, p, [], st, display);
                }

                entry = new ScannedEntry(display, rootBytes, meta, st.Device, (long)st.Ino);
                error = DirectoryListing.Read(fd, _listingBuffer, out var names);
                if (error != 0)
                {
                    throw NativeErrors.ToException(error, "list", display);
                }

                frame.Names = names;
                return frame;
            }
            catch
            {
                frame.Close();
                throw;
            }
        }

        public bool TryStat(Frame frame, byte[] name, out LibC.StatxBuffer st)
        {
            int error;
            fixed (byte* n = name)
            {
                error = MetadataReader.Stat(frame.Fd, n, emptyPath: false, out st);
            }

            if (error == 0)
            {
                return true;
            }

            string display = NativeErrors.Display(Concat(frame.FullPrefix, name));
            warn(new FileSystemWarning(display, error == LibC.ENOENT ? "vanished during the scan; skipped" : $"cannot stat ({NativeErrors.Describe(error)}); skipped"));
            return false;
        }

        /// <summary>Whether directory <paramref name="name"/> holds an entry named <paramref name="marker"/>.</summary>
        public bool Contains(Frame frame, byte[] name, byte[] marker)
        {
            fixed (byte* p = ChildPath(name, marker))
            {
                return MetadataReader.Stat(frame.Fd, p, emptyPath: false, out _) == 0;
            }
        }

        /// <summary>Whether directory <paramref name="name"/> holds a cache directory tag (<see cref="CacheDirectoryTag"/>).</summary>
        public bool IsTaggedCache(Frame frame, byte[] name) => CacheDirectoryTag.IsTagged(frame.Fd, ChildPath(name, CacheDirectoryTag.FileNameBytes));

        /// <summary><c>name/child</c>, NUL-terminated, for a call relative to the directory holding <paramref name="name"/> (itself NUL-terminated).</summary>
        private static byte[] ChildPath(byte[] name, ReadOnlySpan<byte> child) => [.. name.AsSpan(0, name.Length - 1), (byte)'/', .. child, 0];

        public ScannedEntry Describe(Frame frame, byte[] name, byte[] relative, in LibC.StatxBuffer st)
        {
            int fullLength = frame.FullPrefix.Length + name.Length; // name carries the NUL
            if (_path.Length < fullLength)
            {
                _path = new byte[Math.Max(fullLength, _path.Length * 2)];
            }

            frame.FullPrefix.CopyTo(_path, 0);
            name.CopyTo(_path, frame.FullPrefix.Length);
            byte[] fullPath = _path.AsSpan(0, fullLength - 1).ToArray();
            string display = PathDisplay.Of(fullPath);
            // The xattr calls take a path; one longer than PATH_MAX goes through this process's descriptor of the directory.
            byte[] xattrPath = fullLength <= PathMax ? _path : [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{frame.Fd}/")), .. name];
            EntryMetadata meta;
            fixed (byte* n = name)
            fixed (byte* p = xattrPath)
            {
                meta = reader.Read(frame.Fd, n, p, relative, st, display);
            }

            if (meta.Type != EntryType.Directory && st.Nlink > 1)
            {
                var key = st.Identity;
                if (_firstNames.TryGetValue(key, out byte[]? first))
                {
                    meta = meta with { Type = EntryType.HardLink, LinkTarget = first, Size = 0, SparseMap = null };
                }
                else
                {
                    _firstNames.Add(key, relative);
                }
            }

            return new ScannedEntry(display, fullPath, meta, st.Device, (long)st.Ino);
        }

        public Frame? OpenChild(Frame parent, byte[] name, byte[] relative, ScannedEntry entry)
        {
            int fd;
            fixed (byte* n = name)
            {
                fd = NativeFile.OpenWithoutAtime(parent.Fd, n, DirectoryFlags);
            }

            if (fd < 0)
            {
                warn(new FileSystemWarning(entry.FullPath, $"cannot open the directory ({NativeErrors.Describe(NativeErrors.Last)}); its contents are skipped"));
                return null;
            }

            int error = DirectoryListing.Read(fd, _listingBuffer, out var names);
            if (error != 0)
            {
                LibC.close(fd);
                warn(new FileSystemWarning(entry.FullPath, $"cannot list the directory ({NativeErrors.Describe(error)}); its contents are skipped"));
                return null;
            }

            return new Frame
            {
                Fd = fd,
                Names = names,
                RelativePrefix = Concat(relative, "/"u8),
                FullPrefix = Concat(entry.FullPathBytes, "/"u8),
            };
        }
    }
}
