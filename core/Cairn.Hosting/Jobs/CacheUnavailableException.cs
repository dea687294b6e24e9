namespace Cairn.Hosting.Jobs;

/// <summary>A target's cache folder cannot be made, so no command on the target can run.</summary>
public sealed class CacheUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The cache folder.</param>
    /// <param name="innerException">Why it cannot be made.</param>
    public CacheUnavailableException(string directory, Exception innerException)
        : base($"The cache folder {directory} cannot be made ({innerException.Message.TrimEnd('.')}): give a folder this user can write with --cache-dir, or set XDG_CACHE_HOME.", innerException)
    {
        Directory = directory;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }
}
