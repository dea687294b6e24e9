using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Brotli;

/// <summary>Brotli, from the BCL: slower than zstd, a little smaller at high levels.</summary>
public sealed class BrotliCompressorProvider : ICompressorProvider
{
    /// <inheritdoc />
    public string Id => "brotli";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Compressor;

    /// <inheritdoc />
    public string Description => "Brotli, quality 0-11 (default 4)";

    /// <inheritdoc />
    public int DefaultLevel => 4;

    /// <inheritdoc />
    public ICompressor Create(int? level = null)
    {
        var chosen = level ?? DefaultLevel;
        ArgumentOutOfRangeException.ThrowIfLessThan(chosen, 0, nameof(level));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen, 11, nameof(level));
        return new BrotliFrameCompressor(chosen);
    }
}
