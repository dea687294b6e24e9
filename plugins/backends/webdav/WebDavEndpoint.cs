using System.Globalization;
using System.Net;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;

namespace Cairn.Plugins.WebDav;

/// <summary>
/// Where a WebDAV store is and how to talk to it, read from a profile's <c>target:</c> block:
/// <c>webdav://host:port/path</c> is plain HTTP, <c>webdavs://host/path</c> is HTTPS (an <c>http(s)://</c>
/// URL is accepted too). The user comes from the URL or option <c>user</c>; the password is the secret
/// <c>password</c> (options <c>password-env</c> / <c>password-file</c>), never part of the URL.
/// </summary>
internal sealed class WebDavEndpoint
{
    private const int DefaultTimeoutSeconds = 60;
    private const int DefaultUploadTimeoutSeconds = 3600;
    private const int DefaultMaxConnections = 8;

    private WebDavEndpoint(Uri origin, IReadOnlyList<string> rootSegments, string? user, Secret? password, string url)
    {
        Origin = origin;
        RootSegments = rootSegments;
        User = user;
        Password = password;
        Url = url;
    }

    /// <summary>The target's URL for messages, as given but without user information (<see cref="Redacted"/>).</summary>
    public string Url { get; }

    /// <summary>Scheme, host and port only, such as <c>https://dav.example.org:443/</c>.</summary>
    public Uri Origin { get; }

    /// <summary>The store's root folder as decoded path segments, possibly none.</summary>
    public IReadOnlyList<string> RootSegments { get; }

    /// <summary>The user for basic authentication, or null for none.</summary>
    public string? User { get; }

    /// <summary>The password for basic authentication, or null.</summary>
    public Secret? Password { get; }

    /// <summary>How long a request without a body to send may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; private init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>How long one upload may take.</summary>
    public TimeSpan UploadTimeout { get; private init; } = TimeSpan.FromSeconds(DefaultUploadTimeoutSeconds);

    /// <summary>How many connections to the server at most.</summary>
    public int MaxConnections { get; private init; } = DefaultMaxConnections;

    /// <summary>Reads the endpoint from the settings and resolves the password.</summary>
    /// <exception cref="ArgumentException">The URL or an option is malformed, the URL holds a password, or plain HTTP would go to a remote host without <c>allow-insecure-http</c>.</exception>
    public static WebDavEndpoint FromSettings(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = settings.Url;
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The webdav backend needs an absolute URL such as webdavs://host/path, not \"{url}\".", nameof(settings));
        }

        var secure = url.Scheme switch
        {
            "webdavs" or "https" or "davs" => true,
            "webdav" or "http" or "dav" => false,
            _ => throw new ArgumentException($"The webdav backend does not handle the scheme \"{url.Scheme}\"; use webdav:// (HTTP) or webdavs:// (HTTPS).", nameof(settings)),
        };
        if (string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException($"The WebDAV URL \"{Redacted(url)}\" names no host.", nameof(settings));
        }

        string? userFromUrl = null;
        if (url.UserInfo.Length > 0)
        {
            if (url.UserInfo.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The WebDAV URL \"{Redacted(url)}\" contains a password; give it with option password-env or password-file instead, so it never sits in a profile.",
                    nameof(settings));
            }

            userFromUrl = Uri.UnescapeDataString(url.UserInfo);
        }

        var userOption = settings.GetOption("user");
        if (userFromUrl is not null && userOption is not null && userFromUrl != userOption)
        {
            throw new ArgumentException($"The WebDAV URL names user \"{userFromUrl}\" but option user says \"{userOption}\"; give it once.", nameof(settings));
        }

        var allowInsecure = ParseBool(settings, "allow-insecure-http", false);
        if (!secure && !IsLoopback(url.Host) && !allowInsecure)
        {
            throw new ArgumentException(
                $"Refusing plain HTTP to {url.Host}: credentials and data would cross the network unprotected. Use webdavs:// (HTTPS), or set option allow-insecure-http: true if the network is trusted.",
                nameof(settings));
        }

        var user = userFromUrl ?? userOption;
        var password = settings.ResolveSecret("password");
        if (password is not null && user is null)
        {
            throw new ArgumentException("A WebDAV password is given but no user: put the user in the URL (webdavs://user@host/path) or in option user.", nameof(settings));
        }

        var rootSegments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        foreach (var segment in rootSegments)
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"The WebDAV URL \"{Redacted(url)}\" has a '.' or '..' segment.", nameof(settings));
            }
        }

        var origin = new UriBuilder(secure ? "https" : "http", url.Host, url.Port).Uri;
        return new WebDavEndpoint(origin, rootSegments, user, password, Redacted(url))
        {
            Timeout = TimeSpan.FromSeconds(settings.GetPositiveInt("timeout-seconds", DefaultTimeoutSeconds)),
            UploadTimeout = TimeSpan.FromSeconds(settings.GetPositiveInt("upload-timeout-seconds", DefaultUploadTimeoutSeconds)),
            MaxConnections = settings.GetPositiveInt("max-connections", DefaultMaxConnections),
        };
    }

    /// <summary>The URL without any user information, safe to print.</summary>
    public static string Redacted(Uri url) =>
        url.UserInfo.Length == 0 ? url.OriginalString : url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool ParseBool(BackendSettings settings, string name, bool fallback)
    {
        var text = settings.GetOption(name);
        if (text is null)
        {
            return fallback;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new ArgumentException($"Option {name} must be true or false, not \"{text}\".", nameof(settings)),
        };
    }
}
