using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.SampleBackend;

/// <summary>
/// The entry point the host finds: a public class implementing <see cref="IBackendProvider"/> with a
/// parameterless constructor. Copy this project to start a backend plugin of your own.
/// </summary>
public sealed class SampleBackendProvider : IBackendProvider
{
    /// <inheritdoc />
    public string Id => "sample-backend";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "Sample plugin: objects as hex-named files in one flat folder (sample:///path).";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["sample"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL is not <c>sample:///absolute/path</c>.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Url.Scheme != "sample" || !settings.Url.AbsolutePath.StartsWith('/'))
        {
            throw new ArgumentException($"The sample backend needs a URL like sample:///srv/backup, not \"{settings.Url}\".", nameof(settings));
        }

        return new SampleBackend(Uri.UnescapeDataString(settings.Url.AbsolutePath));
    }
}
