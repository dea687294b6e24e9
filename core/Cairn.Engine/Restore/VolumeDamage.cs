using Cairn.Contracts.Ciphers;
using Cairn.Format;

namespace Cairn.Engine.Restore;

/// <summary>
/// Names the volume whose bytes an error is about. The archive reader knows offsets and frame numbers,
/// not which of a chain's volumes it reads, and "frame 0 at offset 240 does not authenticate" leaves the
/// user of a fifty-volume chain to guess which object to fetch again or to trust no longer.
/// </summary>
internal static class VolumeDamage
{
    /// <summary>
    /// An error of <paramref name="error"/>'s kind (so the command's exit code stays the same) whose message
    /// starts with <paramref name="objectName"/>; <see langword="null"/> for errors that are not about the
    /// volume's bytes: a store that failed names its object itself, and no key opening the volume is the keys'.
    /// </summary>
    public static Exception? Named(string objectName, Exception error) => error switch
    {
        NoMatchingKeyException => null,
        AuthenticationFailedException => new AuthenticationFailedException($"{objectName}: {error.Message}", error),
        ArchiveFormatException => new ArchiveFormatException($"{objectName}: {error.Message}", error),
        InvalidDataException => new InvalidDataException($"{objectName}: {error.Message}", error),
        _ => null,
    };
}
