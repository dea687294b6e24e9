using System.Globalization;
using Cairn.Engine.FileSystem.Native;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Tells whether a file changed between the scan that described it and the end of the read that stored it: a log
/// that grew, a database written to meanwhile. The stored copy then holds the bytes as they were read, which can mix
/// old and new content, and the user should hear it, as tar's "file changed as we read it" tells them.
/// </summary>
/// <remarks>
/// A streamed file is checked against its size and modification time at the end of the read (one <c>statx</c> on
/// the open descriptor); a file read whole right after its scan, only by the number of bytes read. The catalogue
/// records the size read and the scan's times, so the next backup sees the file as changed and reads it again.
/// </remarks>
public static class ChangeWhileRead
{
    /// <summary>Describes how a streamed file changed while it was read, or returns <see langword="null"/> when it did not.</summary>
    /// <param name="entry">The file as the scan saw it.</param>
    /// <param name="content">The stream the file was read through, still open (from <see cref="ScannedEntry.OpenContent"/>).</param>
    /// <param name="bytesRead">The bytes read from it.</param>
    public static unsafe string? Describe(ScannedEntry entry, Stream content, long bytesRead)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (content is not IOpenSourceFile open)
        {
            return Describe(entry, bytesRead);
        }

        var metadata = entry.Metadata;
        LibC.StatxBuffer st;
        bool ok;
        bool added = false;
        try
        {
            open.Handle.DangerousAddRef(ref added);
            byte empty = 0;
            ok = MetadataReader.Stat((int)open.Handle.DangerousGetHandle(), &empty, emptyPath: true, out st) == 0;
        }
        finally
        {
            if (added)
            {
                open.Handle.DangerousRelease();
            }
        }

        if (!ok)
        {
            return Describe(entry, bytesRead);
        }

        long sizeNow = (long)st.Size;
        bool readAll = metadata.SparseMap is not null || bytesRead == metadata.Size;
        // A time the format cannot hold (beyond 1677-2262 in nanoseconds) was clamped at the scan: no comparison then.
        bool timeMoved = st.ModificationTimeNs is { } modified && modified != metadata.ModificationTimeNs;
        if (readAll && sizeNow == metadata.Size && !timeMoved)
        {
            return null;
        }

        return sizeNow == metadata.Size && readAll
            ? "changed while it was read (modified, same size); stored as read, which may mix old and new content"
            : $"changed while it was read ({Bytes(metadata.Size)} at the scan, {Bytes(bytesRead)} read, {Bytes(sizeNow)} now); stored as read";
    }

    /// <summary>Describes how a file read whole changed in size while it was read, or returns <see langword="null"/>.</summary>
    /// <param name="entry">The file as the scan saw it.</param>
    /// <param name="bytesRead">The bytes read from it.</param>
    public static string? Describe(ScannedEntry entry, long bytesRead)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var metadata = entry.Metadata;
        return metadata.SparseMap is not null || bytesRead == metadata.Size
            ? null
            : $"changed while it was read ({Bytes(metadata.Size)} at the scan, {Bytes(bytesRead)} read); stored as read";
    }

    private static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
