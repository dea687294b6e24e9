using Cairn.Contracts.Backends;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Profiles;

namespace Cairn.Cli.Commands.Profiles;

/// <summary>
/// Loads a profile twice when needed: first without plugin checks (its <c>plugins.paths</c> say where to look
/// for plugins), then with the ids of the plugins found there, so unknown ids are reported at their line.
/// A target without <c>backend</c> gets the plugin that takes its URL's scheme, found as a run finds it, and a
/// backend that can check its target without opening it is asked to.
/// </summary>
internal static class ProfilePluginCheck
{
    public static Profile Load(string pathOrName, out PluginCatalog catalog)
    {
        var unverified = ProfileLoader.Load(pathOrName);
        catalog = PluginCatalog.Discover(PluginFolders.Default(unverified.Plugins.Paths));
        if (catalog.Plugins.Count == 0)
        {
            // No plugins at all (a bare build): nothing to check the ids against.
            return unverified;
        }

        var found = catalog;
        var profile = ProfileLoader.Load(pathOrName, kind => found.Plugins.Where(p => p.Kind == kind).Select(p => p.Id).ToList());
        CompressionLevelCheck.Check(profile, catalog.Load<ICompressorProvider>(profile.Compression.Provider));
        var backend = profile.Target.Backend is { } id ? catalog.Load<IBackendProvider>(id) : BackendForUrl(profile, catalog);
        CheckTarget(profile, backend);
        return profile with { Target = profile.Target with { Backend = backend.Id } };
    }

    private static IBackendProvider BackendForUrl(Profile profile, PluginCatalog catalog)
    {
        try
        {
            return BackendSchemes.ProviderFor(catalog, profile.Target.Url.Scheme);
        }
        catch (PluginLoadException ex)
        {
            throw new ProfileException(profile.DisplayName, profile.Target.UrlLocation, ex.Message);
        }
    }

    /// <summary>
    /// A URL can be well formed and still be one the backend refuses (the local backend never takes the file
    /// system's root): a backend that can check a target without opening it is asked, as a run would be refused.
    /// </summary>
    private static void CheckTarget(Profile profile, IBackendProvider backend)
    {
        if (backend is not IBackendTargetCheck check)
        {
            return;
        }

        try
        {
            check.CheckTarget(profile.Target.Url, profile.Target.Options);
        }
        catch (ArgumentException ex)
        {
            throw new ProfileException(profile.DisplayName, profile.Target.UrlLocation, ex.Message);
        }
    }
}
