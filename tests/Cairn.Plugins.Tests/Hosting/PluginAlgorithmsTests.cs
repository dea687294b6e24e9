using Cairn.Format;
using Cairn.Hosting.Plugins;

namespace Cairn.Plugins.Tests.Hosting;

public sealed class PluginAlgorithmsTests(BuiltPluginsFixture built) : IClassFixture<BuiltPluginsFixture>
{
    [Fact]
    public void Resolves_header_ids_to_loaded_plugins()
    {
        var algorithms = new PluginAlgorithms(PluginCatalog.Discover([built.Root]));

        Assert.Equal("zstd", algorithms.GetCompressor("zstd").Id);
        Assert.Equal("chacha20-poly1305", algorithms.GetCipher("chacha20-poly1305").Id);
    }

    [Fact]
    public void An_unknown_or_misplaced_id_is_a_format_error_that_names_it()
    {
        var algorithms = new PluginAlgorithms(PluginCatalog.Discover([built.Root]));

        var unknown = Assert.Throws<ArchiveFormatException>(() => algorithms.GetCipher("rot13"));
        Assert.StartsWith("The archive is encrypted with 'rot13', which cannot be used here: no cipher plugin 'rot13'", unknown.Message, StringComparison.Ordinal);
        var misplaced = Assert.Throws<ArchiveFormatException>(() => algorithms.GetCompressor("aes-256-gcm"));
        Assert.Contains("is a cipher, not a compressor", misplaced.Message, StringComparison.Ordinal);
    }
}
