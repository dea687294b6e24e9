namespace Cairn.Engine.FileSystem;

/// <summary>Why <see cref="ChangeDetector"/> considers a file possibly changed (several may apply).</summary>
[Flags]
public enum FileChanges
{
    /// <summary>Size, times and inode all match: the file is taken as unchanged and not read.</summary>
    None = 0,

    /// <summary>The previous set has no record of the path.</summary>
    New = 1,

    /// <summary>The scanned object is not a regular file (only files are compared).</summary>
    NotAFile = 2,

    /// <summary>The size differs.</summary>
    Size = 4,

    /// <summary>The modification time differs.</summary>
    ModificationTime = 8,

    /// <summary>The status change time differs (a content change with a reset mtime still moves it).</summary>
    ChangeTime = 16,

    /// <summary>The inode differs (the file was replaced, for example by a rename over it).</summary>
    Inode = 32,
}
