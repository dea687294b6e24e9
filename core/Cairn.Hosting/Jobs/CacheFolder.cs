using System.Security.Cryptography;
using System.Text;

namespace Cairn.Hosting.Jobs;

/// <summary>
/// Makes a target's cache folder, private to its user: it holds the target's manifests, catalogues and signatures
/// decrypted (every file name, size and hash, and the rsync signatures of every file's content), which is what the
/// target's encryption keeps from others. restic and borg make their caches private for the same reason.
/// </summary>
public static partial class CacheFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The folder under <paramref name="root"/> that caches the target at <paramref name="url"/>: one per store, named by a
    /// hash of its URL with any password left out, and with the path's repeated and trailing slashes dropped, so that
    /// <c>/srv/backup/</c> in a cron job and <c>/srv/backup</c> typed by hand share one cache. A cold cache costs a
    /// download of every manifest and catalogue, and on a machine that backs up to public keys an incremental needs
    /// the key to read them.
    /// </summary>
    /// <remarks>
    /// Before the path was cleaned, each spelling had its own folder: such a folder, found under its old name while the
    /// clean one does not exist yet, is renamed to it, so that no cache goes cold with this change.
    /// </remarks>
    public static string Locate(string root, Uri url)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(url);
        var folder = Path.Combine(root, NameOf(Key(Clean(url))));
        var spelled = Path.Combine(root, NameOf(Key(url)));
        if (spelled != folder && !Directory.Exists(folder) && Directory.Exists(spelled))
        {
            try
            {
                Directory.Move(spelled, folder);
            }
            catch (IOException)
            {
                // Another process moved it first, or made the clean folder meanwhile: either is a cache to use.
            }
        }

        return folder;
    }

    /// <summary>The URL with its path's repeated slashes collapsed and a trailing slash dropped (not the root's).</summary>
    private static Uri Clean(Uri url)
    {
        var path = url.AbsolutePath;
        var clean = MultipleSlashes().Replace(path, "/");
        if (clean.Length > 1)
        {
            clean = clean.TrimEnd('/');
        }

        return clean == path ? url : new UriBuilder(url) { Path = clean }.Uri;
    }

    /// <summary>What names a store: its URL without a password.</summary>
    /// <remarks>
    /// The text is the URL as <see cref="Uri"/> normalizes it, not as it was written, and it must stay exactly this:
    /// existing caches are found by it. That is why it is not <see cref="Secrets.UrlRedaction"/>, which keeps the
    /// text as written for messages.
    /// </remarks>
    private static string Key(Uri url) =>
        url.UserInfo.Length == 0 ? url.ToString() : new UriBuilder(url) { Password = string.Empty }.Uri.ToString();

    private static string NameOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];

    [System.Text.RegularExpressions.GeneratedRegex("/{2,}")]
    private static partial System.Text.RegularExpressions.Regex MultipleSlashes();

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
