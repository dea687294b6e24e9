namespace Cairn.Format.Entries;

/// <summary>What a filesystem object is. Values are written to archives: never renumber.</summary>
public enum EntryType : byte
{
    /// <summary>A regular file.</summary>
    File = 1,

    /// <summary>A directory.</summary>
    Directory = 2,

    /// <summary>A symbolic link; <see cref="EntryMetadata.LinkTarget"/> holds its target.</summary>
    Symlink = 3,

    /// <summary>A further name of a file stored earlier; <see cref="EntryMetadata.LinkTarget"/> holds the first name.</summary>
    HardLink = 4,

    /// <summary>A character device.</summary>
    CharacterDevice = 5,

    /// <summary>A block device.</summary>
    BlockDevice = 6,

    /// <summary>A named pipe.</summary>
    Fifo = 7,

    /// <summary>A Unix domain socket (recorded, never recreated with data).</summary>
    Socket = 8,
}
