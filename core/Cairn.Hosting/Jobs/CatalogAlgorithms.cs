using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Format;
using Cairn.Hosting.Plugins;

namespace Cairn.Hosting.Jobs;

/// <summary>
/// Resolves the compressor and cipher ids found in archive headers through the plugin catalog, loading a
/// plugin only when an archive names it (an old backup may use a compressor the profile no longer does).
/// </summary>
internal sealed class CatalogAlgorithms(PluginCatalog catalog) : IArchiveAlgorithms
{
    public ICompressorProvider GetCompressor(string id) => Load<ICompressorProvider>(id, "compressed");

    public ICipherProvider GetCipher(string id) => Load<ICipherProvider>(id, "encrypted");

    private T Load<T>(string id, string verb)
        where T : class, Contracts.Plugins.ICairnPlugin
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
