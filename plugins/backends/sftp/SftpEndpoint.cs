using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;

namespace Cairn.Plugins.Sftp;

/// <summary>Where and how to log in, read from the target's URL and options.</summary>
internal sealed record SftpEndpoint(
    string Host,
    int Port,
    string UserName,
    string RootPath,
    string? KeyFile,
    Secret? KeyPassphrase,
    Secret? Password,
    string KnownHostsPath,
    int Connections,
    TimeSpan ConnectTimeout,
    TimeSpan OperationTimeout)
{
    /// <summary>How the host's key is filed in known_hosts.</summary>
    public string HostKeyName => KnownHosts.HostKeyName(Host, Port);

    /// <summary>For messages: <c>user@host:port</c>. Never holds a secret.</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port}";

    /// <summary>For messages: the target's URL, <c>sftp://user@host:port/path</c> (<c>/~/path</c> below the login folder). Never holds a secret.</summary>
    public string Url =>
        $"sftp://{UserName}@{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}{(RootPath.StartsWith('/') ? RootPath : "/~/" + RootPath)}";

    /// <summary>Reads the URL <c>sftp://user@host:port/path</c> and the options.</summary>
    /// <exception cref="ArgumentException">The URL or an option is malformed, or no way to log in is given.</exception>
    public static SftpEndpoint From(BackendSettings settings)
    {
        var url = settings.Url;
        if (!url.IsAbsoluteUri || url.Scheme != "sftp" || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException($"The sftp backend needs a URL like sftp://user@host:port/path, not \"{url}\".", nameof(settings));
        }

        if (url.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            // Refuse before anything could echo the URL: the password belongs in password-env or password-file.
            throw new ArgumentException($"The sftp URL for {url.Host} contains a password; give it with the option password-env or password-file instead.", nameof(settings));
        }

        var user = url.UserInfo.Length > 0 ? Uri.UnescapeDataString(url.UserInfo) : Environment.UserName;
        var port = url.IsDefaultPort || url.Port < 0 ? 22 : url.Port;
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        // sftp://host/~/backups and sftp://host (no path) are relative to the login folder; anything else is absolute.
        var root = path is "" or "/" or "/~" ? "" : path.StartsWith("/~/", StringComparison.Ordinal) ? path[3..] : path;
        root = root.TrimEnd('/');

        var keyFile = ExpandHome(settings.GetOption("key-file"));
        if (keyFile is not null && !File.Exists(keyFile))
        {
            throw new ArgumentException($"The sftp option key-file names {keyFile}, which does not exist.", nameof(settings));
        }

        var password = settings.ResolveSecret("password");
        if (keyFile is null && password is null)
        {
            keyFile = DefaultKeyFiles().FirstOrDefault(File.Exists)
                ?? throw new ArgumentException(
                    $"The sftp target {user}@{url.Host} has no way to log in: set the option key-file (a private key), or password-env / password-file.",
                    nameof(settings));
        }

        return new SftpEndpoint(
            url.Host.Trim('[', ']'),
            port,
            user,
            root,
            keyFile,
            settings.ResolveSecret("key-passphrase"),
            password,
            ExpandHome(settings.GetOption("known-hosts")) ?? Path.Combine(Home(), ".ssh", "known_hosts"),
            settings.GetPositiveInt("connections", 4),
            TimeSpan.FromSeconds(settings.GetPositiveInt("connect-timeout", 30)),
            TimeSpan.FromSeconds(settings.GetPositiveInt("operation-timeout", 300)));
    }

    private static IEnumerable<string> DefaultKeyFiles() =>
        new[] { "id_ed25519", "id_ecdsa", "id_rsa" }.Select(name => Path.Combine(Home(), ".ssh", name));

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? ExpandHome(string? path) =>
        path is not null && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) ? Home() + path[1..] : path;
}
