using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Hosting.Plugins;

/// <summary>
/// The backend plugin a URL's scheme picks when a profile or <c>--target</c> names none: the installed plugin
/// whose <see cref="IBackendProvider.Schemes"/> include it, so <c>webdavs:</c> is the <c>webdav</c> plugin and
/// <c>file:</c> the <c>local</c> one. Runs and <c>cairn profile validate</c> ask here alike, so they agree.
/// </summary>
public static class BackendSchemes
{
    /// <summary>
    /// Loads the backend plugin that takes <paramref name="scheme"/> URLs. The plugin named like the scheme
    /// (<c>local</c> for <c>file</c>) is asked first and is then the only one loaded; otherwise every backend
    /// plugin is loaded to read its schemes.
    /// </summary>
    /// <exception cref="PluginLoadException">
    /// No usable backend plugin takes the scheme (the one-line message lists the schemes that are taken), or the
    /// plugin named like the scheme is broken.
    /// </exception>
    public static IBackendProvider ProviderFor(PluginCatalog catalog, string scheme)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        var namedLikeScheme = scheme.Equals(Uri.UriSchemeFile, StringComparison.OrdinalIgnoreCase) ? "local" : scheme.ToLowerInvariant();
        if (catalog.TryFind(namedLikeScheme, out var manifest) && manifest.Kind == PluginKind.Backend)
        {
            var provider = catalog.Load<IBackendProvider>(namedLikeScheme);
            if (Takes(provider, scheme))
            {
                return provider;
            }
        }

        var problems = new List<PluginProblem>();
        var providers = catalog.LoadAll<IBackendProvider>(problems);
        if (providers.FirstOrDefault(p => Takes(p, scheme)) is { } taker)
        {
            return taker;
        }

        var taken = providers.SelectMany(p => p.Schemes).Select(s => s + ":").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var takenText = taken.Count == 0 ? $"no backend plugin is installed in {string.Join(", ", catalog.Folders)}" : "installed backends take " + string.Join(", ", taken);
        var problemsText = problems.Count == 0 ? string.Empty : "; " + string.Join("; ", problems.Select(p => p.Message));
        throw new PluginLoadException($"no backend plugin takes {scheme}: URLs ({takenText}){problemsText}");
    }

    private static bool Takes(IBackendProvider provider, string scheme) =>
        provider.Schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
}
