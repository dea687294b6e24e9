namespace Cairn.Hosting.Plugins;

/// <summary>Where Cairn looks for plugins, in order of precedence.</summary>
public static class PluginFolders
{
    /// <summary>The environment variable naming extra plugin folders, separated by ':'.</summary>
    public const string PathVariable = "CAIRN_PLUGIN_PATH";

    /// <summary>
    /// The folders to search: <c>plugins/</c> beside the running executable (dist/plugins for dist/cairn),
    /// then each folder in <c>$CAIRN_PLUGIN_PATH</c>, then the user's folder
    /// (<c>$XDG_DATA_HOME/cairn/plugins</c>, else <c>~/.local/share/cairn/plugins</c>), then
    /// <paramref name="extra"/> (a profile's <c>plugin-folders</c>). Each appears once, as an absolute path;
    /// folders that do not exist are kept (discovery skips them) so that messages can list where Cairn looked.
    /// </summary>
    /// <param name="extra">More folders, for example from a profile; relative paths are taken from the current directory.</param>
    public static IReadOnlyList<string> Default(IEnumerable<string>? extra = null)
    {
        var folders = new List<string> { Path.Combine(AppContext.BaseDirectory, "plugins") };
        var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            folders.AddRange(fromEnvironment.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        folders.Add(UserFolder());
        if (extra is not null)
        {
            folders.AddRange(extra.Where(folder => !string.IsNullOrWhiteSpace(folder)));
        }

        return Normalize(folders);
    }

    /// <summary>The user's plugin folder: <c>$XDG_DATA_HOME/cairn/plugins</c>, else <c>~/.local/share/cairn/plugins</c>.</summary>
    public static string UserFolder()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome) || !Path.IsPathRooted(dataHome))
        {
            // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "cairn", "plugins");
    }

    /// <summary>Makes each folder absolute without a trailing separator, and drops repeats (the first stays).</summary>
    internal static IReadOnlyList<string> Normalize(IEnumerable<string> folders)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var folder in folders)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (seen.Add(full))
            {
                result.Add(full);
            }
        }

        return result;
    }
}
