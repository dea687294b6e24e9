namespace Cairn.Hosting.Profiles;

/// <summary>
/// One backup job, as a YAML profile describes it, with every default filled in and every path made
/// absolute (relative paths in a profile are taken from the profile's folder). Immutable; it holds no
/// secret, only where each secret comes from. Load one with <see cref="ProfileLoader"/>.
/// </summary>
public sealed record Profile
{
    /// <summary>The profile's name (the <c>name:</c> key, else the file name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>The profile file's absolute path, or <see langword="null"/> for a job built from command-line flags.</summary>
    public string? FilePath { get; init; }

    /// <summary>The folder relative paths were resolved against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The folders (or files) to back up, absolute; at least one.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Include patterns, as written (duplicity-style selection: the first matching rule wins).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Exclude patterns, as written.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>A file name whose presence excludes the folder holding it (for example <c>.nobackup</c>), or <see langword="null"/>.</summary>
    public string? ExcludeIfPresent { get; init; }

    /// <summary>
    /// Leave out folders holding a cache directory tag (<c>CACHEDIR.TAG</c>, https://bford.info/cachedir/), as tar's,
    /// borg's and restic's <c>--exclude-caches</c> do.
    /// </summary>
    public bool ExcludeCaches { get; init; }

    /// <summary>True to stay on the file system of each source (do not descend into mounts).</summary>
    public bool ExcludeOtherFileSystems { get; init; }

    /// <summary>Where the backups go.</summary>
    public required ProfileTarget Target { get; init; }

    /// <summary>How frames are compressed.</summary>
    public ProfileCompression Compression { get; init; } = ProfileCompression.Default;

    /// <summary>How archives are encrypted, and for whom.</summary>
    public required ProfileEncryption Encryption { get; init; }

    /// <summary>The size at which a backup starts a new volume, in bytes.</summary>
    public long VolumeSize { get; init; } = ProfileDefaults.VolumeSize;

    /// <summary>When to make full backups and what to keep.</summary>
    public ProfilePolicy Policy { get; init; } = ProfilePolicy.Default;

    /// <summary>Where plugins are looked for beyond the default folders.</summary>
    public ProfilePlugins Plugins { get; init; } = ProfilePlugins.Default;

    /// <summary>Shell commands run before and after each backup made from the profile.</summary>
    public ProfileHooks Hooks { get; init; } = ProfileHooks.None;

    /// <summary>How messages name the profile: its path as the user gave it, or <c>command line</c>.</summary>
    public string DisplayName { get; init; } = "command line";
}
