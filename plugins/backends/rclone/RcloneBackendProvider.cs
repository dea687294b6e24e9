using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// The <c>rclone</c> backend: any storage service rclone supports, through the rclone program.
/// URL <c>rclone:REMOTE:path</c> (<c>rclone:myremote:backups</c>, <c>rclone::local:/srv/backup</c>).
/// Options: <c>rclone-binary</c>, <c>config</c> (an rclone.conf), <c>config-password-env</c>/<c>config-password-file</c>
/// (for an encrypted rclone.conf), <c>timeout-seconds</c> (60: to connect, and between two bytes),
/// <c>flags</c> (extra rclone flags, space-separated; never secrets).
/// </summary>
public sealed class RcloneBackendProvider : IBackendProvider
{
    /// <inheritdoc />
    public string Id => "rclone";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "Any storage service rclone supports, through the rclone program (rclone:REMOTE:path).";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["rclone"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL is not <c>rclone:REMOTE:path</c> or carries a secret.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RcloneBackend(RcloneTarget.FromSettings(settings));
    }
}
