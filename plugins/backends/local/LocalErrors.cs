using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Local;

/// <summary>Turns file system exceptions into the typed backend errors callers catch.</summary>
internal static class LocalErrors
{
    // errno values of Linux; .NET puts the raw errno into IOException.HResult on Unix.
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    /// <summary>Maps <paramref name="exception"/> from an operation on <paramref name="name"/>; returns null for exceptions that are not I/O failures.</summary>
    public static BackendException? Map(Exception exception, string name) => exception switch
    {
        BackendException => null,
        FileNotFoundException or DirectoryNotFoundException => new BackendNotFoundException(name, exception),
        UnauthorizedAccessException => new BackendException($"Permission denied: {name} ({exception.Message})", isTransient: false, exception),
        IOException io when io.HResult is NoSpace =>
            new BackendFullException($"The target's disk is full: {name} could not be written ({io.Message.TrimEnd()})", io),
        IOException io when io.HResult is QuotaExceeded =>
            new BackendFullException($"The target's disk quota is used up: {name} could not be written ({io.Message.TrimEnd()})", io),
        IOException io => new BackendException($"I/O error on {name}: {io.Message}", isTransient: false, io),
        // .NET reports a write past the file system's or the process's file-size limit (EFBIG: a FAT32 drive,
        // `ulimit -f`) as an ArgumentOutOfRangeException, which would otherwise read as a usage error.
        ArgumentOutOfRangeException => new BackendException($"{name} is larger than the file system, or the process's file-size limit, allows.", isTransient: false, exception),
        _ => null,
    };
}
