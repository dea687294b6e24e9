using Cairn.Contracts.Compression;

namespace Cairn.Plugins.NoCompression;

/// <summary>The identity transform.</summary>
internal sealed class CopyCompressor : ICompressor
{
    public int GetMaxCompressedLength(int sourceLength) => sourceLength;

    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new InvalidDataException($"none: stored frame is {source.Length} bytes, {destination.Length} expected.");
        }

        source.CopyTo(destination);
    }

    public void Dispose()
    {
    }
}
