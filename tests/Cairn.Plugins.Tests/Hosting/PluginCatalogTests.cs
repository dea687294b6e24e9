using System.Runtime.Loader;
using Cairn.Contracts;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Hosting.Plugins;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Hosting;

public sealed class PluginCatalogTests(BuiltPluginsFixture built) : IClassFixture<BuiltPluginsFixture>, IDisposable
{
    private readonly TempDirectory _broken = new();

    public void Dispose() => _broken.Dispose();

    [Fact]
    public void Discovers_every_built_plugin_from_its_manifest_without_loading_it()
    {
        var catalog = PluginCatalog.Discover([built.Root]);

        Assert.Empty(catalog.Problems);
        Assert.Equal(BuiltPlugins.Referenced.Values.Order(), catalog.Plugins.Select(p => p.Id).Order());
        var zstd = Assert.Single(catalog.Plugins, p => p.Id == "zstd");
        Assert.Equal(PluginKind.Compressor, zstd.Kind);
        Assert.Equal("0.1.0", zstd.Version);
        Assert.Equal(ContractsVersion.Current, zstd.Contracts);
        Assert.Equal(Path.Combine(built.Root, "zstd"), zstd.Folder);
        Assert.Equal("Cairn.Plugins.Zstd.dll", zstd.Assembly);
        Assert.Equal(PluginKind.Recipient, Assert.Single(catalog.Plugins, p => p.Id == "passphrase").Kind);
        Assert.Equal(PluginKind.Cipher, Assert.Single(catalog.Plugins, p => p.Id == "aes-256-gcm").Kind);
    }

    [Fact]
    public void Discovery_loads_nothing()
    {
        var fresh = _broken.Combine("fresh");
        BuiltPlugins.CopyDirectory(Path.Combine(built.Root, "brotli"), Path.Combine(fresh, "brotli"));

        Assert.Equal("brotli", Assert.Single(PluginCatalog.Discover([fresh]).Plugins).Id);

        Assert.DoesNotContain(AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => !a.IsDynamic && a.Location.StartsWith(fresh, StringComparison.Ordinal));
    }

    [Fact]
    public void Loads_a_plugin_into_its_own_context_sharing_the_contracts()
    {
        var catalog = PluginCatalog.Discover([built.Root]);

        var zstd = catalog.Load<ICompressorProvider>("zstd");
        var context = AssemblyLoadContext.GetLoadContext(zstd.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.StartsWith(built.Root, zstd.GetType().Assembly.Location, StringComparison.Ordinal);
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Cairn.Contracts");
        Assert.Same(zstd, catalog.Load<ICompressorProvider>("zstd"));

        var data = new byte[100_000];
        new Random(7).NextBytes(data.AsSpan(0, 1000));
        using var compressor = zstd.Create();
        var compressed = new byte[compressor.GetMaxCompressedLength(data.Length)];
        var length = compressor.Compress(data, compressed);
        var restored = new byte[data.Length];
        compressor.Decompress(compressed.AsSpan(0, length), restored);
        Assert.Equal(data, restored);

        var aes = catalog.Load<ICipherProvider>("aes-256-gcm");
        Assert.NotSame(context, AssemblyLoadContext.GetLoadContext(aes.GetType().Assembly));
        Assert.Equal(32, aes.KeySize);
    }

    [Fact]
    public void A_malformed_manifest_is_one_problem_and_the_other_plugins_still_load()
    {
        var folder = _broken.Combine("garbled");
        FixturePlugin.WriteManifest(folder, "{ \"id\": \"garbled\", ");

        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        var problem = Assert.Single(catalog.Problems);
        Assert.StartsWith($"plugin manifest {folder}/cairn-plugin.json is malformed: ", problem.Message, StringComparison.Ordinal);
        AssertOneLine(problem.Message);
        Assert.NotNull(catalog.Load<ICompressorProvider>("zstd"));
    }

    [Fact]
    public void A_manifest_that_never_ends_is_one_problem_and_is_read_no_further()
    {
        var folder = _broken.Combine("endless");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "cairn-plugin.json"), "/dev/zero"); // a length of 0, and no end

        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal($"plugin manifest {folder}/cairn-plugin.json is malformed: it holds more than 65536 bytes, too large for a manifest", problem.Message);
        Assert.NotNull(catalog.Load<ICompressorProvider>("zstd"));
    }

    [Fact]
    public void A_manifest_file_too_large_to_be_one_is_the_same_problem()
    {
        var folder = _broken.Combine("bloated");
        FixturePlugin.WriteManifest(folder, "{ \"id\": \"bloated\" }" + new string(' ', 100_000)); // valid JSON, but no manifest

        var problem = Assert.Single(PluginCatalog.Discover([_broken.Path]).Problems);

        Assert.Equal($"plugin manifest {folder}/cairn-plugin.json is malformed: it holds more than 65536 bytes, too large for a manifest", problem.Message);
    }

    [Theory]
    [InlineData("""{ "id": "Bad Id", "kind": "cipher", "version": "1", "contracts": 1, "assembly": "a.dll" }""", "\"id\" must be lower-case")]
    [InlineData("""{ "id": "odd", "kind": "teleporter", "version": "1", "contracts": 1, "assembly": "a.dll" }""", "\"kind\" must be compressor, cipher, recipient or backend, got \"teleporter\"")]
    [InlineData("""{ "id": "odd", "kind": "cipher", "version": "1", "contracts": "one", "assembly": "a.dll" }""", "\"contracts\" must be a whole number")]
    [InlineData("""{ "id": "odd", "kind": "cipher", "version": "1", "contracts": 1, "assembly": "../../evil.dll" }""", "\"assembly\" must be a .dll file name in the plugin's folder")]
    [InlineData("""{ "id": "odd", "kind": "cipher", "contracts": 1, "assembly": "a.dll" }""", "\"version\" is missing or not a string")]
    [InlineData("""[1, 2]""", "it is not a JSON object")]
    public void Manifest_fields_are_checked(string json, string expected)
    {
        var folder = _broken.Combine("odd");
        FixturePlugin.WriteManifest(folder, json);

        var problem = Assert.Single(PluginCatalog.Discover([_broken.Path]).Problems);

        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Contains(folder, problem.Message, StringComparison.Ordinal);
        AssertOneLine(problem.Message);
    }

    [Fact]
    public void A_plugin_built_for_other_contracts_is_refused_by_name()
    {
        var folder = _broken.Combine("future");
        FixturePlugin.Create(folder, "future", "compressor", FixturePlugin.CompressorSource("future"), contracts: 2);

        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal($"plugin 'future' in {folder} was built for contracts 2, this Cairn has 1", problem.Message);
        Assert.Equal("future", problem.PluginId);
        Assert.DoesNotContain(catalog.Plugins, p => p.Id == "future");
        var ex = Assert.Throws<PluginLoadException>(() => catalog.Load<ICompressorProvider>("future"));
        Assert.Equal(problem.Message, ex.Message);
        Assert.NotNull(catalog.Load<ICompressorProvider>("gzip"));
    }

    [Fact]
    public void A_missing_assembly_is_one_problem()
    {
        var folder = _broken.Combine("hollow");
        FixturePlugin.WriteManifest(folder, """{ "id": "hollow", "kind": "cipher", "version": "1.0.0", "contracts": 1, "assembly": "Hollow.dll" }""");

        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        Assert.Equal($"plugin 'hollow' in {folder}: its assembly Hollow.dll is missing", Assert.Single(catalog.Problems).Message);
        Assert.NotNull(catalog.Load<ICipherProvider>("aes-256-gcm"));
    }

    [Fact]
    public void A_provider_whose_constructor_throws_fails_to_load_alone()
    {
        var folder = _broken.Combine("grumpy");
        FixturePlugin.Create(folder, "grumpy", "compressor", FixturePlugin.CompressorSource("grumpy", "throw new InvalidOperationException(\"no zlib here\");"));
        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);
        Assert.Empty(catalog.Problems);

        var ex = Assert.Throws<PluginLoadException>(() => catalog.Load<ICompressorProvider>("grumpy"));

        Assert.Equal($"plugin 'grumpy' in {folder} failed to load: FixtureCompressorProvider() threw InvalidOperationException: no zlib here", ex.Message);
        Assert.NotNull(catalog.Load<ICompressorProvider>("brotli"));
        var problems = new List<PluginProblem>();
        var all = catalog.LoadAll<ICompressorProvider>(problems);
        Assert.Equal(["brotli", "gzip", "none", "zstd"], all.Select(p => p.Id).Order());
        Assert.Equal(ex.Message, Assert.Single(problems).Message);
    }

    [Fact]
    public void An_assembly_that_is_not_dotnet_fails_to_load_with_its_reason()
    {
        var folder = _broken.Combine("bogus");
        FixturePlugin.WriteManifest(folder, """{ "id": "bogus", "kind": "cipher", "version": "1.0.0", "contracts": 1, "assembly": "Bogus.dll" }""");
        File.WriteAllText(Path.Combine(folder, "Bogus.dll"), "MZ but not really a PE file");
        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        var ex = Assert.Throws<PluginLoadException>(() => catalog.Load<ICipherProvider>("bogus"));

        Assert.StartsWith($"plugin 'bogus' in {folder} failed to load: BadImageFormatException: ", ex.Message, StringComparison.Ordinal);
        AssertOneLine(ex.Message);
        Assert.NotNull(catalog.Load<ICipherProvider>("aes-256-gcm"));
    }

    [Fact]
    public void An_assembly_without_a_provider_of_its_kind_is_reported()
    {
        var folder = _broken.Combine("empty");
        FixturePlugin.Create(folder, "empty", "cipher", FixturePlugin.CompressorSource("empty"), assemblyName: "Empty");
        var catalog = PluginCatalog.Discover([_broken.Path]);

        var ex = Assert.Throws<PluginLoadException>(() => catalog.Load<ICipherProvider>("empty"));

        Assert.Equal($"plugin 'empty' in {folder}: Empty.dll has no public class implementing ICipherProvider with a parameterless constructor", ex.Message);
    }

    [Fact]
    public void A_provider_must_carry_the_manifest_id()
    {
        var folder = _broken.Combine("alias");
        FixturePlugin.Create(folder, "alias", "compressor", FixturePlugin.CompressorSource("something-else"));
        var catalog = PluginCatalog.Discover([_broken.Path]);

        var ex = Assert.Throws<PluginLoadException>(() => catalog.Load<ICompressorProvider>("alias"));

        Assert.Equal($"plugin 'alias' in {folder}: no provider has the manifest's id (found 'something-else')", ex.Message);
    }

    [Fact]
    public void The_same_id_in_two_folders_is_an_error_naming_both()
    {
        var copy = _broken.Combine("gzip-again");
        BuiltPlugins.CopyDirectory(Path.Combine(built.Root, "gzip"), copy);

        var catalog = PluginCatalog.Discover([built.Root, _broken.Path]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal($"plugin 'gzip' is installed twice, in {Path.Combine(built.Root, "gzip")} and {copy}: remove one", problem.Message);
        Assert.DoesNotContain(catalog.Plugins, p => p.Id == "gzip");
        Assert.Equal(problem.Message, Assert.Throws<PluginLoadException>(() => catalog.Load<ICompressorProvider>("gzip")).Message);
        Assert.NotNull(catalog.Load<ICompressorProvider>("zstd"));
    }

    [Fact]
    public void Asking_for_the_wrong_kind_or_an_unknown_id_says_what_is_there()
    {
        var catalog = PluginCatalog.Discover([built.Root]);

        Assert.Equal(
            $"plugin 'zstd' in {Path.Combine(built.Root, "zstd")} is a compressor, not a cipher",
            Assert.Throws<PluginLoadException>(() => catalog.Load<ICipherProvider>("zstd")).Message);
        Assert.Equal(
            $"no cipher plugin 'rot13' (installed: aes-256-gcm, chacha20-poly1305; searched {built.Root})",
            Assert.Throws<PluginLoadException>(() => catalog.Load<ICipherProvider>("rot13")).Message);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_reported_and_missing_folders_are_skipped()
    {
        var stray = _broken.Combine("stray");
        Directory.CreateDirectory(stray);

        var catalog = PluginCatalog.Discover([_broken.Path, _broken.Combine("does-not-exist")]);

        Assert.Equal($"plugin folder {stray} has no cairn-plugin.json", Assert.Single(catalog.Problems).Message);
        Assert.Equal([_broken.Path, _broken.Combine("does-not-exist")], catalog.Folders);
    }

    [Fact]
    public void A_folder_can_itself_be_one_plugin()
    {
        var catalog = PluginCatalog.Discover([Path.Combine(built.Root, "none")]);

        Assert.Equal("none", Assert.Single(catalog.Plugins).Id);
        Assert.Equal("none", catalog.Load<ICairnPlugin>("none").Id);
    }

    private static void AssertOneLine(string message) =>
        Assert.DoesNotContain('\n', message);
}
