namespace Cairn.Contracts.Files;

/// <summary>
/// Reads a file that should be small (a profile, a secret, a key file) whole, but never more than a limit
/// of it. A size check alone is not enough: a device, a pipe or a /proc file reports a length of 0, and
/// reading <c>/dev/zero</c> "whole" grew the process to gigabytes before it failed. Here at most one byte
/// more than the limit is read, whatever the kind of file, so a pipe or <c>/dev/stdin</c> that ends within
/// the limit is read like a regular file.
/// </summary>
public static class BoundedFile
{
    // Enough for any secret or key file in one read; a larger file grows the buffer by doubling.
    private const int FirstReadBytes = 4096;

    /// <summary>Reads all of <paramref name="path"/>, which must hold at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file: regular, a device, a pipe, anything that can be opened for reading.</param>
    /// <param name="maxBytes">The most bytes the file may hold.</param>
    /// <returns>The file's bytes. Buffers that held them on the way are cleared, as a secret's should be.</returns>
    /// <exception cref="FileTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read, or is a folder.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative or <see cref="int.MaxValue"/>.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfEqual(maxBytes, int.MaxValue);

        // No FileStream buffer (bufferSize 0): reads go straight into ours, so a secret is not copied twice.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var knownLength = stream.CanSeek ? stream.Length : 0;
        if (knownLength > maxBytes)
        {
            throw new FileTooLargeException(path, maxBytes);
        }

        // One byte more than the file should hold: a read that fills it means the file is too large.
        var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(knownLength + 1, FirstReadBytes))];
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes)
                    {
                        throw new FileTooLargeException(path, maxBytes);
                    }

                    var larger = new byte[Math.Min(maxBytes + 1L, 2L * buffer.Length)];
                    buffer.AsSpan(0, total).CopyTo(larger);
                    Array.Clear(buffer);
                    buffer = larger;
                }

                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                {
                    return buffer.AsSpan(0, total).ToArray();
                }

                total += read;
            }
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
