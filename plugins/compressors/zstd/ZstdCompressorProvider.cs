using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Zstd;

/// <summary>Zstandard (ZstdSharp.Port, a pure C# port of the reference library): Cairn's default compressor.</summary>
public sealed class ZstdCompressorProvider : ICompressorProvider
{
    /// <inheritdoc />
    public string Id => "zstd";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Compressor;

    /// <inheritdoc />
    public string Description => "Zstandard, levels 1-19 (default 3)";

    /// <inheritdoc />
    public int DefaultLevel => 3;

    /// <inheritdoc />
    public ICompressor Create(int? level = null)
    {
        var chosen = level ?? DefaultLevel;
        ArgumentOutOfRangeException.ThrowIfLessThan(chosen, 1, nameof(level));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen, 19, nameof(level));
        return new ZstdFrameCompressor(chosen);
    }
}
