namespace Cairn.Hosting.Plugins;

/// <summary>A plugin that cannot be used, and why, in one line. A problem never stops the other plugins.</summary>
/// <param name="Folder">The plugin's folder.</param>
/// <param name="PluginId">The plugin id when the manifest could be read far enough to tell it, else <see langword="null"/>.</param>
/// <param name="Message">One line naming the plugin and its folder, saying what is wrong.</param>
public sealed record PluginProblem(string Folder, string? PluginId, string Message)
{
    /// <summary>The message.</summary>
    public override string ToString() => Message;
}
