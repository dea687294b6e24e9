using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Format;

namespace Cairn.Hosting.Plugins;

/// <summary>
/// Resolves the compressor and cipher ids found in archive headers through a <see cref="PluginCatalog"/>,
/// loading a plugin only when an archive names it (an old backup may use a compressor the profile no
/// longer does), so that any archive opens by the ids in its header.
/// </summary>
/// <param name="catalog">The plugins to resolve from.</param>
public sealed class PluginAlgorithms(PluginCatalog catalog) : IArchiveAlgorithms
{
    /// <inheritdoc />
    /// <exception cref="ArchiveFormatException">No usable compressor plugin has this id; the message says why.</exception>
    public ICompressorProvider GetCompressor(string id) => Load<ICompressorProvider>(id, "compressed");

    /// <inheritdoc />
    /// <exception cref="ArchiveFormatException">No usable cipher plugin has this id; the message says why.</exception>
    public ICipherProvider GetCipher(string id) => Load<ICipherProvider>(id, "encrypted");

    private T Load<T>(string id, string verb)
        where T : class, ICairnPlugin
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            return catalog.Load<T>(id);
        }
        catch (PluginLoadException ex)
        {
            throw new ArchiveFormatException($"The archive is {verb} with '{id}', which cannot be used here: {ex.Message}", ex);
        }
    }
}
