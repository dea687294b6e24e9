namespace Cairn.Engine.FileSystem;

/// <summary>
/// An entry's path would write outside the restore target or through a symlink: an absolute path, a
/// <c>..</c>, <c>.</c> or empty segment, a NUL byte, or a parent directory that is a symlink. Nothing was
/// written for the entry.
/// </summary>
public sealed class UnsafePathException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The offending path (display form).</param>
    /// <param name="reason">Why it is refused.</param>
    public UnsafePathException(string path, string reason)
        : base($"Refusing to restore '{path}': {reason}.")
    {
        UnsafePath = path;
    }

    /// <summary>The offending path (invalid UTF-8 bytes shown as U+FFFD).</summary>
    public string UnsafePath { get; }
}
