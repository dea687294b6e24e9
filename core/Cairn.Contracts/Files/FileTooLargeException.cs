namespace Cairn.Contracts.Files;

/// <summary>
/// A file that should be small (a profile, a secret, a key) holds more than its limit. It is an
/// <see cref="IOException"/>, so code that reports unreadable files reports this one too; catch it first
/// to say what the file was for.
/// </summary>
public class FileTooLargeException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, which holds more than <paramref name="maxBytes"/>.</summary>
    public FileTooLargeException(string path, int maxBytes)
        : base($"{path} holds more than {maxBytes} bytes")
    {
        Path = path;
        MaxBytes = maxBytes;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public FileTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public FileTooLargeException()
        : base("The file is larger than it may be.")
    {
        Path = string.Empty;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The most bytes the file could hold; it holds at least one more.</summary>
    public int MaxBytes { get; }
}
