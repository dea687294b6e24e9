using System.Text.RegularExpressions;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// What the rclone backend runs and where, read from a profile's <c>target:</c> block. The URL is
/// <c>rclone:REMOTE:path</c>: everything after <c>rclone:</c> is an rclone remote path, such as
/// <c>myremote:backups/home</c> (a remote of rclone.conf) or <c>:local:/srv/backup</c> (an on-the-fly remote).
/// </summary>
internal sealed partial class RcloneTarget
{
    private RcloneTarget(string root, string binary, string? configFile, Secret? configPassword, int timeoutSeconds, IReadOnlyList<string> extraFlags)
    {
        Root = root;
        TimeoutSeconds = timeoutSeconds;
        Binary = binary;
        ConfigFile = configFile;
        ConfigPassword = configPassword;
        ExtraFlags = extraFlags;
    }

    /// <summary>The rclone remote path of the store's root, such as <c>myremote:backups</c>.</summary>
    public string Root { get; }

    /// <summary>The rclone program: option <c>rclone-binary</c>, else <c>rclone</c> on PATH.</summary>
    public string Binary { get; }

    /// <summary>Option <c>config</c>: the rclone.conf to use, else rclone's default.</summary>
    public string? ConfigFile { get; }

    /// <summary>Secret <c>config-password</c>: the password of an encrypted rclone.conf, passed in RCLONE_CONFIG_PASS.</summary>
    public Secret? ConfigPassword { get; }

    /// <summary>
    /// Option <c>timeout-seconds</c> (60): how long rclone waits to connect and, once connected, for the next
    /// byte (its <c>--contimeout</c> and <c>--timeout</c>, 1 and 5 minutes of its own), so that a server that
    /// accepts and never answers fails a call in minutes rather than the better part of an hour.
    /// </summary>
    public int TimeoutSeconds { get; }

    /// <summary>Option <c>flags</c>: extra command-line flags for every rclone call, separated by spaces.</summary>
    public IReadOnlyList<string> ExtraFlags { get; }

    /// <summary>
    /// The folder of this machine the root names, for rclone's on-the-fly local remote (<c>:local:/srv/backup</c>), or
    /// <see langword="null"/>. A named remote may be local too, but only its rclone.conf section says so, and is not read.
    /// </summary>
    public string? LocalFolder =>
        Root.StartsWith(":local:", StringComparison.Ordinal) && Root[":local:".Length..] is { Length: > 1 } path && Path.IsPathRooted(path)
            ? Path.TrimEndingDirectorySeparator(path)
            : null;

    /// <summary>The rclone path of an object name (or folder) below the root.</summary>
    public string PathOf(string name) =>
        name.Length == 0 ? Root : Root.EndsWith(':') || Root.EndsWith('/') ? Root + name : Root + "/" + name;

    /// <summary>Reads the target from the settings.</summary>
    /// <exception cref="ArgumentException">The URL is not <c>rclone:REMOTE:path</c>, or it carries a secret.</exception>
    public static RcloneTarget FromSettings(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = settings.Url.OriginalString;
        const string scheme = "rclone:";
        if (!text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || text.Length == scheme.Length)
        {
            throw new ArgumentException($"The rclone backend needs a URL of the form rclone:REMOTE:path (for example rclone:myremote:backups or rclone::local:/srv/backup), not \"{text}\".", nameof(settings));
        }

        var root = text[scheme.Length..];
        if (root.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Write the rclone remote right after \"rclone:\" (rclone:myremote:path), not \"{text}\".", nameof(settings));
        }

        if (!root.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{root}\" is not an rclone remote path: it needs a remote, as in myremote:{root} or :local:{root}.", nameof(settings));
        }

        // A connection string (":s3,secret_access_key=...:") would put a secret on every command line: refuse it.
        var secret = SecretParameter().Match(root);
        if (secret.Success)
        {
            throw new ArgumentException(
                $"The rclone remote sets \"{secret.Groups["key"].Value}\" in its connection string, which would show on the command line; put the remote in rclone.conf (option config) instead.",
                nameof(settings));
        }

        var flags = (settings.GetOption("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The flags go on every command line too: a flag that carries a password, key or token is refused by
        // the same rule (its value is never repeated). Flags naming a file or a command that yields the secret are fine.
        foreach (var flag in flags)
        {
            if (SecretFlag().Match(flag) is { Success: true } found &&
                !found.Groups["flag"].Value.EndsWith("-file", StringComparison.OrdinalIgnoreCase) &&
                !found.Groups["flag"].Value.EndsWith("-command", StringComparison.OrdinalIgnoreCase) &&
                !found.Groups["flag"].Value.Equals("--ask-password", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"The rclone option flags sets \"{found.Groups["flag"].Value}\", a secret that would show on the command line; put it in the remote's section of rclone.conf (option config) instead.",
                    nameof(settings));
            }
        }

        return new RcloneTarget(
            root,
            settings.GetOption("rclone-binary") ?? "rclone",
            settings.GetOption("config"),
            settings.ResolveSecret("config-password"),
            settings.GetPositiveInt("timeout-seconds", 60),
            flags);
    }

    [GeneratedRegex(@"[,:](?<key>[a-z_]*(pass|secret|token)[a-z_]*|[a-z_]*key)=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"^(?<flag>--[a-z0-9-]*(pass|secret|token)[a-z0-9-]*|--[a-z0-9-]*-key(-base64)?)(=|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFlag();
}
