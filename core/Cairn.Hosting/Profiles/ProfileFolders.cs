namespace Cairn.Hosting.Profiles;

/// <summary>Where profiles given by name live.</summary>
public static class ProfileFolders
{
    /// <summary>
    /// The folder new profiles are written to: <c>$XDG_CONFIG_HOME/cairn/profiles</c> when that variable holds
    /// an absolute path, else <c>~/.config/cairn/profiles</c>.
    /// </summary>
    public static string User()
    {
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        return string.IsNullOrEmpty(configHome) || !Path.IsPathRooted(configHome)
            ? HomeConfig()
            : Path.Combine(configHome, "cairn", "profiles");
    }

    /// <summary>The folders searched for a profile name, in order: <see cref="User"/>, then <c>~/.config/cairn/profiles</c>.</summary>
    public static IReadOnlyList<string> Search() => new[] { User(), HomeConfig() }.Distinct(StringComparer.Ordinal).ToList();

    private static string HomeConfig() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "cairn", "profiles");
}
