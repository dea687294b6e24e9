using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Local;

/// <summary>The <c>local</c> backend: objects are files under a folder of this machine.</summary>
public sealed class LocalBackendProvider : IBackendProvider, IBackendTargetCheck
{
    /// <inheritdoc />
    public string Id => "local";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "Files in a folder on this machine (file:///path or a plain absolute path).";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["file"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL is not an absolute <c>file:</c> URL.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LocalBackend(LocalBackend.RootFromUrl(settings.Url));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL is not an absolute <c>file:</c> URL, or it names the file system's root.</exception>
    public void CheckTarget(Uri url, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(url);
        LocalBackend.CheckedRoot(LocalBackend.RootFromUrl(url));
    }
}
