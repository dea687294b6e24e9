namespace Cairn.Engine.Backup;

/// <summary>
/// A backup's source folder or host is not the one the target's newest backup was made of, and the backup was not
/// told to go on (<see cref="BackupOptions.AllowSourceMismatch"/>). Nothing was written.
/// </summary>
/// <remarks>
/// Two folders backed up to one target make one history of both: each backup records the other's files as deleted, a
/// restore of the newest backup brings back the wrong folder, and retention counts one's backups against the other's.
/// A mistyped <c>--source</c> does the same. duplicity refuses this too (its <c>--allow-source-mismatch</c>).
/// </remarks>
public sealed class SourceMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="newestSet">The target's newest backup.</param>
    /// <param name="backedUp">What it was made of: the folder, and the host when that differs.</param>
    /// <param name="now">What this backup would be made of, worded the same way.</param>
    public SourceMismatchException(string newestSet, string backedUp, string now)
        : base($"The target's newest backup, {newestSet}, is of {backedUp}, not {now}: give each folder a target of its own. " +
            "If the folder moved or the host was renamed, pass --allow-source-mismatch to go on with this target.")
    {
        NewestSet = newestSet;
    }

    private SourceMismatchException(string message, string newestSet)
        : base(message)
    {
        NewestSet = newestSet;
    }

    /// <summary>The target's newest backup.</summary>
    public string NewestSet { get; }

    /// <summary>
    /// The source folder is empty and on another file system than its newest backup found it on, and that backup holds
    /// files: the empty mount point of a disk that is not mounted. Backed up, it would record every file as deleted, and
    /// retention would in time drop the backups that hold them.
    /// </summary>
    /// <param name="newestSet">The target's newest backup.</param>
    /// <param name="folder">The source folder.</param>
    /// <param name="files">How many files the newest backup holds.</param>
    public static SourceMismatchException Emptied(string newestSet, string folder, long files) => new(
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The source folder {folder} is empty and on another file system than when the target's newest backup, {newestSet}, found {files:N0} files in it: ") +
            "a disk that is not mounted looks like this, and a backup of it would record every file as deleted. " +
            "If the folder was emptied on purpose, pass --allow-source-mismatch to go on.",
        newestSet);
}
