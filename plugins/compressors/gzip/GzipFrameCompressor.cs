using System.Buffers;
using System.IO.Compression;
using Cairn.Contracts.Compression;

namespace Cairn.Plugins.Gzip;

/// <summary>
/// Gzip frames. The BCL has no one-shot span API for gzip, so this goes through GZipStream over
/// pooled buffers; frames are bounded, so nothing here grows with the input.
/// </summary>
internal sealed class GzipFrameCompressor(int level) : ICompressor
{
    // deflateBound() plus the gzip header and trailer, rounded up generously.
    public int GetMaxCompressedLength(int sourceLength) => checked(sourceLength + (sourceLength >> 3) + (sourceLength >> 6) + 64);

    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(GetMaxCompressedLength(source.Length));
        try
        {
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            {
                gzip.Write(source);
            }

            var written = (int)output.Position;
            if (written > destination.Length)
            {
                throw new ArgumentException("Destination is too small for the compressed frame.", nameof(destination));
            }

            buffer.AsSpan(0, written).CopyTo(destination);
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            source.CopyTo(buffer);
            using var compressed = new MemoryStream(buffer, 0, source.Length, writable: false);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            var total = 0;
            int read;
            while (total < destination.Length && (read = gzip.Read(destination[total..])) > 0)
            {
                total += read;
            }

            Span<byte> probe = stackalloc byte[1];
            if (total != destination.Length || gzip.Read(probe) != 0)
            {
                throw new InvalidDataException($"gzip: frame does not decompress to exactly {destination.Length} bytes.");
            }
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("gzip:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"gzip: corrupt frame ({ex.Message}).", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
    }
}
