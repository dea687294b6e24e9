namespace Cairn.Contracts.Plugins;

/// <summary>
/// Common identity of every plugin. The host finds the public, non-abstract types of a plugin
/// assembly that implement a provider interface and creates them with their parameterless constructor.
/// </summary>
public interface ICairnPlugin
{
    /// <summary>The plugin id used in profiles and archive headers, for example <c>zstd</c> or <c>sftp</c>. Lower case, stable forever.</summary>
    string Id { get; }

    /// <summary>What the plugin provides.</summary>
    PluginKind Kind { get; }

    /// <summary>A one-line description shown by <c>cairn plugins list</c>.</summary>
    string Description { get; }
}
