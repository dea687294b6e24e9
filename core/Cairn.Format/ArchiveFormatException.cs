namespace Cairn.Format;

/// <summary>
/// The bytes are not a valid Cairn archive: bad magic, an unsupported version or mandatory feature,
/// a size out of range, a checksum mismatch in an unencrypted archive, a truncated volume. The message
/// names the field and, where known, the offset. <see cref="InvalidDataException"/> is sealed, so this
/// derives from <see cref="IOException"/> (as <c>DeltaFormatException</c> does); the CLI maps it to exit
/// code 4, "corrupt data".
/// </summary>
public class ArchiveFormatException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ArchiveFormatException()
        : base("Not a valid Cairn archive.")
    {
    }

    /// <summary>Creates the exception with a message naming what was wrong.</summary>
    public ArchiveFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ArchiveFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a field at a known offset in the volume.</summary>
    /// <param name="field">The field or structure that was wrong, for example <c>frame header</c>.</param>
    /// <param name="offset">The byte offset in the volume, or -1 when not known.</param>
    /// <param name="problem">What was wrong with it.</param>
    public ArchiveFormatException(string field, long offset, string problem)
        : base(offset >= 0 ? $"{field} at offset {offset}: {problem}" : $"{field}: {problem}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field or structure that was wrong, when known.</summary>
    public string? Field { get; }

    /// <summary>The byte offset in the volume where the problem is, or -1 when not known.</summary>
    public long Offset { get; } = -1;
}
