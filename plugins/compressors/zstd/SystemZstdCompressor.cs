using Cairn.Contracts.Compression;

namespace Cairn.Plugins.Zstd;

/// <summary>
/// One-shot zstd frames through the system's libzstd (<see cref="SystemZstd"/>). Keeps one compression and
/// one decompression context between frames, created when first needed: a backup's frame workers only
/// compress, a restore only decompresses.
/// </summary>
internal sealed unsafe class SystemZstdCompressor(int level) : ICompressor
{
    private SystemZstd.CompressionContext? _compression;
    private SystemZstd.DecompressionContext? _decompression;

    public int GetMaxCompressedLength(int sourceLength) => checked((int)SystemZstd.ZSTD_compressBound((nuint)sourceLength));

    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var needed = GetMaxCompressedLength(source.Length);
        if (destination.Length < needed)
        {
            throw new ArgumentException($"zstd: {destination.Length} bytes of room for {source.Length} bytes of input, {needed} needed.", nameof(destination));
        }

        _compression ??= Created(SystemZstd.ZSTD_createCCtx());
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var written = SystemZstd.ZSTD_compressCCtx(_compression, output, (nuint)destination.Length, input, (nuint)source.Length, level);
            return SystemZstd.Check(written, error => new InvalidOperationException($"zstd: compression failed ({error})."));
        }
    }

    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        _decompression ??= Created(SystemZstd.ZSTD_createDCtx());
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            // One shot into the caller's buffer: libzstd never writes past its capacity and allocates no
            // window for a hostile frame header to size.
            var written = SystemZstd.ZSTD_decompressDCtx(_decompression, output, (nuint)destination.Length, input, (nuint)source.Length);
            ZstdFrames.CheckLength(SystemZstd.Check(written, error => new InvalidDataException($"zstd: corrupt frame ({error}).")), destination.Length);
        }
    }

    public void Dispose()
    {
        _compression?.Dispose();
        _decompression?.Dispose();
    }

    private static T Created<T>(T context) where T : System.Runtime.InteropServices.SafeHandle =>
        context.IsInvalid ? throw new OutOfMemoryException("zstd: libzstd could not allocate a context.") : context;
}
