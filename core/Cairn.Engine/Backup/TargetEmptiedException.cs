namespace Cairn.Engine.Backup;

/// <summary>
/// The target holds no backup, but this machine's cache of it knows backups made or read there before, and the backup
/// was not told to start again (<see cref="BackupOptions.AllowEmptyTarget"/>). Nothing was written.
/// </summary>
/// <remarks>
/// This is what the empty mount point of a backup disk that is not mounted looks like, and a mistyped bucket or
/// prefix, and a target whose backups were deleted. A full backup there would quietly fill the disk under the mount
/// point, or start a history elsewhere, and a deletion would go unnoticed: the nightly job would report success.
/// restic and borg cannot fall into this (a repository must be made with <c>init</c>); a target of Cairn's needs no
/// such step, so the cache stands for it.
/// </remarks>
public sealed class TargetEmptiedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="known">How many backups the cache knows of this target.</param>
    /// <param name="newest">The newest of them.</param>
    public TargetEmptiedException(int known, string newest)
        : base($"The target holds no backup, but this machine has seen {known} there (the newest {newest}): a backup disk that is not mounted, " +
            "a mistyped bucket or folder, or deleted backups look like this. Check the target; to start again there with a full backup, pass --allow-empty-target.")
    {
        Newest = newest;
    }

    /// <summary>The newest backup the cache knows of the target.</summary>
    public string Newest { get; }
}
