namespace Cairn.Hosting.Jobs;

/// <summary>
/// Makes a target's cache folder, private to its user: it holds the target's manifests, catalogues and signatures
/// decrypted (every file name, size and hash, and the rsync signatures of every file's content), which is what the
/// target's encryption keeps from others. restic and borg make their caches private for the same reason.
/// </summary>
public static class CacheFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Makes <paramref name="directory"/> (and any missing parent) with mode 0700, or takes group and other access away
    /// from one that exists: a cache made before Cairn did this, or by hand.
    /// </summary>
    /// <param name="directory">The target's cache folder.</param>
    /// <param name="warn">Told when an existing folder cannot be made private (it belongs to another user).</param>
    /// <exception cref="CacheUnavailableException">The folder cannot be made.</exception>
    public static void Prepare(string directory, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(warn);
        try
        {
            Directory.CreateDirectory(directory, Private);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CacheUnavailableException(directory, ex);
        }

        var mode = File.GetUnixFileMode(directory);
        if ((mode & Shared) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(directory, mode & ~Shared);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warn($"the cache folder {directory} can be read by other users and cannot be made private ({ex.Message}); it holds the backups' file names and signatures decrypted");
        }
    }
}
