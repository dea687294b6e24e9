namespace Cairn.Hosting.Plugins;

/// <summary>
/// A plugin could not be found or loaded. The message is one line naming the plugin and its folder
/// (a malformed manifest, a contracts version mismatch, a missing assembly, no provider type, a
/// constructor that threw, or the same id in two folders).
/// </summary>
public class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public PluginLoadException()
        : base("A plugin could not be loaded.")
    {
    }
}
