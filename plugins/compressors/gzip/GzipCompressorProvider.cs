using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Gzip;

/// <summary>Gzip (RFC 1952), from the BCL: readable by every tool, for archives that must outlive Cairn.</summary>
public sealed class GzipCompressorProvider : ICompressorProvider
{
    /// <inheritdoc />
    public string Id => "gzip";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Compressor;

    /// <inheritdoc />
    public string Description => "gzip, levels 1-9 (default 6)";

    /// <inheritdoc />
    public int DefaultLevel => 6;

    /// <inheritdoc />
    public ICompressor Create(int? level = null)
    {
        var chosen = level ?? DefaultLevel;
        ArgumentOutOfRangeException.ThrowIfLessThan(chosen, 1, nameof(level));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen, 9, nameof(level));
        return new GzipFrameCompressor(chosen);
    }
}
