namespace Cairn.Delta;

/// <summary>
/// A signature or delta is corrupt, truncated or not in librsync's format, or a delta refers past the end
/// of its basis. The message names what was wrong and at which offset.
/// </summary>
/// <remarks>
/// <see cref="InvalidDataException"/> is sealed, so this derives from <see cref="IOException"/> like it would
/// for a stream error; catch this type to tell bad data from a failing disk.
/// </remarks>
public sealed class DeltaFormatException : IOException
{
    /// <summary>Creates the exception with a message that names what was wrong and where.</summary>
    /// <param name="message">The one-line description.</param>
    public DeltaFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    /// <param name="message">The one-line description.</param>
    /// <param name="innerException">The underlying error.</param>
    public DeltaFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
