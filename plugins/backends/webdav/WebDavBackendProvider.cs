using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.WebDav;

/// <summary>
/// The <c>webdav</c> backend: a folder on a WebDAV server (Nextcloud, Apache mod_dav, nginx, rclone serve webdav...).
/// URL <c>webdavs://[user@]host[:port]/path</c> (HTTPS) or <c>webdav://...</c> (plain HTTP, loopback only unless
/// option <c>allow-insecure-http: true</c>). Options: <c>user</c>, <c>password-env</c>/<c>password-file</c>,
/// <c>timeout-seconds</c> (60), <c>upload-timeout-seconds</c> (3600), <c>max-connections</c> (8).
/// </summary>
public sealed class WebDavBackendProvider : IBackendProvider
{
    /// <inheritdoc />
    public string Id => "webdav";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "A folder on a WebDAV server (webdavs://user@host/path; webdav:// for plain HTTP).";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["webdav", "webdavs"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL or an option is malformed, or plain HTTP would reach a remote host.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new WebDavBackend(WebDavEndpoint.FromSettings(settings));
    }
}
