using Cairn.Contracts.Compression;
using ZstdSharp;

namespace Cairn.Plugins.Zstd;

/// <summary>
/// One-shot zstd frames through ZstdSharp, the pure C# port: runs everywhere. Keeps its compression and
/// decompression contexts between frames.
/// </summary>
internal sealed class ManagedZstdCompressor(int level) : ICompressor
{
    private readonly Compressor _compressor = new(level);
    private readonly Decompressor _decompressor = new();

    public int GetMaxCompressedLength(int sourceLength) => Compressor.GetCompressBound(sourceLength);

    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination) => _compressor.Wrap(source, destination);

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written;
        try
        {
            written = _decompressor.Unwrap(source, destination);
        }
        catch (ZstdException ex)
        {
            throw new InvalidDataException($"zstd: corrupt frame ({ex.Message}).", ex);
        }

        ZstdFrames.CheckLength(written, destination.Length);
    }

    public void Dispose()
    {
        _compressor.Dispose();
        _decompressor.Dispose();
    }
}
