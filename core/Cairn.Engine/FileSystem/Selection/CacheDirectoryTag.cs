using System.Text;
using Cairn.Engine.FileSystem.Native;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// The Cache Directory Tagging Specification (https://bford.info/cachedir/): a directory that holds a regular file
/// <c>CACHEDIR.TAG</c> beginning with <see cref="Signature"/> is a cache, which backups may leave out. tar, borg and
/// restic leave such directories out with <c>--exclude-caches</c>, and Cairn with <c>exclude-caches</c>
/// (<see cref="SelectionRules.ExcludeCaches"/>). Cairn tags its own cache root, so their backups can leave it out.
/// </summary>
public static class CacheDirectoryTag
{
    /// <summary>The tag file's name.</summary>
    public const string FileName = "CACHEDIR.TAG";

    /// <summary>What the tag file begins with: 43 ASCII bytes, the MD5 of ".IsCacheDirectory".</summary>
    public const string Signature = "Signature: 8a477f597d28d172789f06886806bc55";

    private static readonly byte[] SignatureBytes = Encoding.ASCII.GetBytes(Signature);

    /// <summary><see cref="FileName"/> as the bytes of a path.</summary>
    internal static ReadOnlySpan<byte> FileNameBytes => "CACHEDIR.TAG"u8;

    /// <summary>
    /// Writes a tag into <paramref name="directory"/> unless it holds one; a folder that cannot take it is left as it is.
    /// The file system's root and the home folder are never tagged, even when given as the cache root: every tool's
    /// exclude-caches would then leave out everything.
    /// </summary>
    /// <param name="directory">The cache folder.</param>
    public static void WriteIfMissing(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(full, FileName);
        if (full == "/" || (home.Length > 0 && full == Path.TrimEndingDirectorySeparator(home)) || File.Exists(path))
        {
            return;
        }

        try
        {
            File.WriteAllText(path, $"{Signature}\n# This file is a cache directory tag created by Cairn.\n# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only other programs' backups use it, and only when asked to: not worth failing a command for.
        }
    }

    /// <summary>Whether <paramref name="tagPath"/> (<c>directory/CACHEDIR.TAG</c>, NUL-terminated, relative to <paramref name="dirfd"/>) is a tag.</summary>
    internal static unsafe bool IsTagged(int dirfd, byte[] tagPath)
    {
        fixed (byte* p = tagPath)
        {
            // A regular file only (the specification's word): a FIFO named so would block the read.
            if (MetadataReader.Stat(dirfd, p, emptyPath: false, out var st) != 0 || st.FileType != LibC.S_IFREG || st.Size < (ulong)SignatureBytes.Length)
            {
                return false;
            }

            int fd = NativeFile.OpenWithoutAtime(dirfd, p, NativeFile.ReadFlags);
            if (fd < 0)
            {
                return false;
            }

            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            Span<byte> head = stackalloc byte[SignatureBytes.Length];
            return RandomAccess.Read(handle, head, 0) == head.Length && head.SequenceEqual(SignatureBytes);
        }
    }
}
