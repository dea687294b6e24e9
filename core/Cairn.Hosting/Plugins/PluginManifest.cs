using Cairn.Contracts.Plugins;

namespace Cairn.Hosting.Plugins;

/// <summary>
/// What a plugin's <c>cairn-plugin.json</c> says, read without loading anything. The build writes it
/// (plugins/Directory.Build.targets) beside the plugin's assembly.
/// </summary>
/// <param name="Id">The plugin id used in profiles and archive headers, for example <c>zstd</c>.</param>
/// <param name="Kind">What the plugin provides.</param>
/// <param name="Version">The plugin's own version, as written by its build.</param>
/// <param name="Contracts">The contracts version the plugin was built against.</param>
/// <param name="Assembly">The file name of the plugin's main assembly, in <paramref name="Folder"/>.</param>
/// <param name="Folder">The plugin's folder (absolute).</param>
public sealed record PluginManifest(string Id, PluginKind Kind, string Version, int Contracts, string Assembly, string Folder)
{
    /// <summary>The manifest's file name in a plugin folder.</summary>
    public const string FileName = "cairn-plugin.json";

    /// <summary>The full path of the plugin's main assembly.</summary>
    public string AssemblyPath => Path.Combine(Folder, Assembly);

    /// <summary>The kind as written in manifests and profiles: <c>compressor</c>, <c>cipher</c>, <c>recipient</c>, <c>backend</c>.</summary>
    public string KindName => PluginKinds.Name(Kind);
}
