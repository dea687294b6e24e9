using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.NoCompression;

/// <summary>Stores frames as they are: for data that is already compressed, or to debug the format.</summary>
public sealed class NoCompressionProvider : ICompressorProvider
{
    /// <inheritdoc />
    public string Id => "none";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Compressor;

    /// <inheritdoc />
    public string Description => "no compression";

    /// <inheritdoc />
    public int DefaultLevel => 0;

    /// <inheritdoc />
    public ICompressor Create(int? level = null)
    {
        if (level is not null and not 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The 'none' compressor has no levels.");
        }

        return new CopyCompressor();
    }
}
