namespace Cairn.Contracts.Backends;

/// <summary>
/// Optional: a backend whose objects are files in a folder of this machine. A backup leaves that folder out of its
/// source, so that a target inside the folder being backed up (a backup disk's folder under <c>/</c>, a
/// <c>~/backups</c> under <c>~</c>) is not backed up into itself, each backup a copy of all the ones before it,
/// its in-progress uploads and its lock included.
/// </summary>
/// <remarks>
/// The host checks for it with a type test on the opened <see cref="IBackend"/>, before it wraps the backend; a
/// backend without it is simply not asked. Implement it only when the objects are really files of this machine's
/// file systems: the folder is found in the source by its device and inode, not by its name.
/// </remarks>
public interface ILocalFolderBackend
{
    /// <summary>
    /// The absolute path of the folder that holds the store's objects (it may not exist yet), or <see langword="null"/>
    /// when this target's objects are not on this machine: a backend that reaches both kinds of store (rclone's local
    /// remote and its cloud ones) says so per target.
    /// </summary>
    string? LocalFolder { get; }
}
