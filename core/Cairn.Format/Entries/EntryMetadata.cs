namespace Cairn.Format.Entries;

/// <summary>
/// Everything Cairn records about one filesystem object: the header of an archive entry. Paths and
/// names are raw bytes because Unix file names are bytes, not text.
/// </summary>
public sealed record EntryMetadata
{
    /// <summary>The path relative to the archive root, <c>/</c>-separated, no leading <c>/</c>, no <c>.</c> or <c>..</c> segments.</summary>
    public required byte[] Path { get; init; }

    /// <summary>What the object is.</summary>
    public required EntryType Type { get; init; }

    /// <summary>What the entry's data means (snapshot, delta, deleted marker, signature).</summary>
    public EntryContentKind ContentKind { get; init; } = EntryContentKind.Snapshot;

    /// <summary>Permission bits including setuid, setgid and sticky (07777).</summary>
    public uint Mode { get; init; }

    /// <summary>Owner user id.</summary>
    public long Uid { get; init; }

    /// <summary>Owner group id.</summary>
    public long Gid { get; init; }

    /// <summary>Owner user name, when known; restores map by name first, like tar.</summary>
    public string? UserName { get; init; }

    /// <summary>Owner group name, when known.</summary>
    public string? GroupName { get; init; }

    /// <summary>Access time, nanoseconds since the Unix epoch.</summary>
    public long AccessTimeNs { get; init; }

    /// <summary>Modification time, nanoseconds since the Unix epoch.</summary>
    public long ModificationTimeNs { get; init; }

    /// <summary>Status change time, nanoseconds since the Unix epoch (recorded; the OS does not let it be restored).</summary>
    public long ChangeTimeNs { get; init; }

    /// <summary>The logical size of the file's content in bytes (for snapshots, the file size; 0 for non-files).</summary>
    public long Size { get; init; }

    /// <summary>Symlink target, or for a hard link the path of the entry it links to. Raw bytes.</summary>
    public byte[]? LinkTarget { get; init; }

    /// <summary>Device major number (character and block devices).</summary>
    public uint DeviceMajor { get; init; }

    /// <summary>Device minor number (character and block devices).</summary>
    public uint DeviceMinor { get; init; }

    /// <summary>Extended attributes other than ACLs, in the order read.</summary>
    public IReadOnlyList<ExtendedAttribute> ExtendedAttributes { get; init; } = [];

    /// <summary>The POSIX access ACL in the kernel's <c>system.posix_acl_access</c> encoding, or <see langword="null"/>.</summary>
    public byte[]? AccessAcl { get; init; }

    /// <summary>The POSIX default ACL (directories) in the <c>system.posix_acl_default</c> encoding, or <see langword="null"/>.</summary>
    public byte[]? DefaultAcl { get; init; }

    /// <summary>The data regions of a sparse file, or <see langword="null"/> when the file is stored densely.</summary>
    public IReadOnlyList<SparseRegion>? SparseMap { get; init; }

    /// <summary>SHA-256 of the file's content as stored (after applying a delta; for a file with a <see cref="SparseMap"/>, its data regions back to back), for verification; <see langword="null"/> for non-files.</summary>
    public byte[]? ContentHash { get; init; }
}
