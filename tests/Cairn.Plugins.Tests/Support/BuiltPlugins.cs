namespace Cairn.Plugins.Tests.Support;

/// <summary>The real plugins this test project builds, copied into a dist/plugins-like folder.</summary>
public static class BuiltPlugins
{
    /// <summary>Project folder under plugins/ → plugin id, for every plugin this test project references.</summary>
    public static readonly IReadOnlyDictionary<string, string> Referenced = new Dictionary<string, string>
    {
        ["compressors/zstd"] = "zstd",
        ["compressors/gzip"] = "gzip",
        ["compressors/brotli"] = "brotli",
        ["compressors/none"] = "none",
        ["ciphers/aes-256-gcm"] = "aes-256-gcm",
        ["ciphers/chacha20-poly1305"] = "chacha20-poly1305",
        ["recipients/passphrase"] = "passphrase",
        ["recipients/x25519"] = "x25519",
        ["recipients/openpgp"] = "openpgp",
    };

    /// <summary>Copies each referenced plugin's build output to <paramref name="root"/>/&lt;id&gt;/.</summary>
    public static void CopyTo(string root)
    {
        foreach (var (project, id) in Referenced)
        {
            var source = RepoPaths.PluginOutput(project);
            if (!File.Exists(Path.Combine(source, "cairn-plugin.json")))
            {
                throw new InvalidOperationException($"plugin {id} is not built at {source}");
            }

            CopyDirectory(source, Path.Combine(root, id));
        }
    }

    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }
}
