using System.IO.Compression;
using Cairn.Contracts.Compression;

namespace Cairn.Plugins.Brotli;

/// <summary>One-shot Brotli frames through the BCL's span APIs.</summary>
internal sealed class BrotliFrameCompressor(int quality) : ICompressor
{
    // 4 MiB window: frames are at most a few MiB, a larger window buys nothing.
    private const int WindowBits = 22;

    public int GetMaxCompressedLength(int sourceLength) => (int)Math.Min(int.MaxValue, BrotliEncoder.GetMaxCompressedLength(sourceLength));

    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!BrotliEncoder.TryCompress(source, destination, out var written, quality, WindowBits))
        {
            throw new ArgumentException("Destination is too small for the compressed frame.", nameof(destination));
        }

        return written;
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var decoder = new BrotliDecoder();
        // The decoder reports DestinationTooSmall for an empty span even when the stream is empty,
        // so an empty frame is decoded into a one-byte scratch span instead.
        Span<byte> scratch = stackalloc byte[1];
        var target = destination.IsEmpty ? scratch : destination;
        var status = decoder.Decompress(source, target, out var consumed, out var written);
        if (status != System.Buffers.OperationStatus.Done || consumed != source.Length || written != destination.Length)
        {
            throw new InvalidDataException($"brotli: corrupt frame ({status}, {written} of {destination.Length} bytes).");
        }
    }

    public void Dispose()
    {
    }
}
