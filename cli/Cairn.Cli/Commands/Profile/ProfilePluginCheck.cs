using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Profiles;

namespace Cairn.Cli.Commands.Profiles;

/// <summary>
/// Loads a profile twice when needed: first without plugin checks (its <c>plugins.paths</c> say where to look
/// for plugins), then with the ids of the plugins found there, so unknown ids are reported at their line.
/// A target without <c>backend</c> gets the plugin that takes its URL's scheme, found as a run finds it.
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
        CheckCompressionLevel(profile, catalog);
        if (profile.Target.Backend is not null)
        {
            return profile;
        }

        try
        {
            var backend = BackendSchemes.ProviderFor(catalog, profile.Target.Url.Scheme);
            return profile with { Target = profile.Target with { Backend = backend.Id } };
        }
        catch (PluginLoadException ex)
        {
            throw new ProfileException(profile.DisplayName, profile.Target.UrlLocation, ex.Message);
        }
    }

    /// <summary>
    /// The parser can only check a level against the widest range of any compressor (it runs before plugins are
    /// loaded); the compressor named knows its own, and a run would meet its refusal.
    /// </summary>
    private static void CheckCompressionLevel(Profile profile, PluginCatalog catalog)
    {
        if (profile.Compression.Level is not { } level)
        {
            return;
        }

        var compressor = catalog.Load<ICompressorProvider>(profile.Compression.Provider);
        try
        {
            compressor.Create(level).Dispose();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ProfileException(profile.DisplayName, profile.Compression.Location, $"'level' {level} is not one {compressor.Id} takes ({compressor.Description})");
        }
    }
}
