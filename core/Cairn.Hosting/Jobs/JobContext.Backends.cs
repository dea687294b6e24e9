using Cairn.Contracts.Backends;
using Cairn.Hosting.Plugins;

namespace Cairn.Hosting.Jobs;

public sealed partial class JobContext
{
    /// <summary>
    /// Opens the backend plugin <paramref name="backendId"/> at <paramref name="url"/> the way a profile's
    /// <c>target:</c> block does (secrets from <c>NAME-env</c>/<c>NAME-file</c> options, or a prompt), without the
    /// resilient wrapper: for <c>cairn plugins test</c>, which checks the plugin itself.
    /// </summary>
    /// <exception cref="PluginLoadException">No such backend plugin, or it failed to load.</exception>
    /// <exception cref="ArgumentException">The plugin does not take this URL's scheme, or an option is malformed.</exception>
    public static IBackend OpenBackendPlugin(PluginCatalog catalog, string backendId, Uri url, IReadOnlyDictionary<string, string> options, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return OpenBackend(catalog, catalog.Load<IBackendProvider>(backendId), url, options, interactive, warn: null);
    }
}
