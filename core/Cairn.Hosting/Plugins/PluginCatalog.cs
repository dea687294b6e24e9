using System.Reflection;
using Cairn.Contracts.Plugins;
using McMaster.NETCore.Plugins;

namespace Cairn.Hosting.Plugins;

/// <summary>
/// The plugins found in a set of folders. <see cref="Discover"/> reads only manifests; <see cref="Load{T}"/>
/// loads one plugin, into a load context of its own that shares the contracts assembly with the host.
/// A broken plugin is listed in <see cref="Problems"/> and never stops the others. Thread-safe.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginManifest> _byId;
    private readonly Dictionary<string, ICairnPlugin> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _loadLock = new();

    private PluginCatalog(IReadOnlyList<string> folders, List<PluginManifest> plugins, List<PluginProblem> problems)
    {
        Folders = folders;
        Plugins = plugins;
        Problems = problems;
        _byId = plugins.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>The folders that were searched, in order.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>The usable plugins' manifests, sorted by kind then id.</summary>
    public IReadOnlyList<PluginManifest> Plugins { get; }

    /// <summary>The plugins that cannot be used, one line each.</summary>
    public IReadOnlyList<PluginProblem> Problems { get; }

    /// <summary>
    /// Finds plugins without loading any. Each folder is either a plugin folder itself (it holds a
    /// <c>cairn-plugin.json</c>) or a folder of plugin folders (like dist/plugins). Folders that do not
    /// exist are skipped. The same id in two folders is a problem naming both, and neither is used.
    /// </summary>
    /// <param name="folders">The folders to search, for example <see cref="PluginFolders.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="folders"/> is null.</exception>
    public static PluginCatalog Discover(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var searched = PluginFolders.Normalize(folders);
        var found = new List<PluginManifest>();
        var problems = new List<PluginProblem>();
        foreach (var pluginFolder in searched.SelectMany(PluginFoldersIn).Distinct(StringComparer.Ordinal))
        {
            var manifest = PluginManifestReader.TryRead(pluginFolder, out var problem);
            if (manifest is not null)
            {
                found.Add(manifest);
            }
            else if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var usable = new List<PluginManifest>();
        foreach (var group in found.GroupBy(m => m.Id, StringComparer.Ordinal))
        {
            var copies = group.ToList();
            if (copies.Count == 1)
            {
                usable.Add(copies[0]);
            }
            else
            {
                var where = string.Join(" and ", copies.Select(c => c.Folder));
                problems.Add(new PluginProblem(copies[0].Folder, group.Key, $"plugin '{group.Key}' is installed twice, in {where}: remove one"));
            }
        }

        usable.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Id, b.Id));
        return new PluginCatalog(searched, usable, problems);
    }

    /// <summary>Finds the manifest of a usable plugin.</summary>
    public bool TryFind(string id, out PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.TryGetValue(id, out manifest!);
    }

    /// <summary>
    /// Loads plugin <paramref name="id"/> (only that one) and returns its provider. Later calls return the same instance.
    /// </summary>
    /// <typeparam name="T">The provider interface, for example <see cref="Contracts.Ciphers.ICipherProvider"/>, or <see cref="ICairnPlugin"/> for any kind.</typeparam>
    /// <exception cref="PluginLoadException">
    /// No such plugin, the plugin is of another kind, or it is broken (the message is one line naming it and its folder).
    /// </exception>
    public T Load<T>(string id)
        where T : class, ICairnPlugin
    {
        ArgumentNullException.ThrowIfNull(id);
        var wantedKind = PluginKinds.Of<T>();
        if (!_byId.TryGetValue(id, out var manifest))
        {
            throw new PluginLoadException(DescribeMissing(id, wantedKind));
        }

        if (wantedKind is { } kind && manifest.Kind != kind)
        {
            throw new PluginLoadException($"plugin '{id}' in {manifest.Folder} is a {manifest.KindName}, not a {PluginKinds.Name(kind)}");
        }

        lock (_loadLock)
        {
            if (!_loaded.TryGetValue(id, out var provider))
            {
                provider = LoadProvider(manifest);
                _loaded.Add(id, provider);
            }

            return (T)provider;
        }
    }

    /// <summary>
    /// Loads every usable plugin of <typeparamref name="T"/>'s kind (for example all backends, to match
    /// a URL scheme). Plugins that fail to load are added to <paramref name="problems"/> and left out.
    /// </summary>
    public IReadOnlyList<T> LoadAll<T>(ICollection<PluginProblem> problems)
        where T : class, ICairnPlugin
    {
        ArgumentNullException.ThrowIfNull(problems);
        var wantedKind = PluginKinds.Of<T>();
        var providers = new List<T>();
        foreach (var manifest in Plugins.Where(p => wantedKind is null || p.Kind == wantedKind))
        {
            try
            {
                providers.Add(Load<T>(manifest.Id));
            }
            catch (PluginLoadException ex)
            {
                problems.Add(new PluginProblem(manifest.Folder, manifest.Id, ex.Message));
            }
        }

        return providers;
    }

    private string DescribeMissing(string id, PluginKind? kind)
    {
        var problem = Problems.FirstOrDefault(p => p.PluginId == id);
        if (problem is not null)
        {
            return problem.Message;
        }

        var kindName = kind is { } k ? PluginKinds.Name(k) + " " : string.Empty;
        var installed = Plugins.Where(p => kind is null || p.Kind == kind).Select(p => p.Id).ToList();
        var installedText = installed.Count == 0 ? "none is installed" : "installed: " + string.Join(", ", installed);
        return $"no {kindName}plugin '{id}' ({installedText}; searched {string.Join(", ", Folders)})";
    }

    private static IEnumerable<string> PluginFoldersIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        if (File.Exists(Path.Combine(folder, PluginManifest.FileName)))
        {
            return [folder];
        }

        try
        {
            return Directory.GetDirectories(folder).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static ICairnPlugin LoadProvider(PluginManifest manifest)
    {
        var who = $"plugin '{manifest.Id}' in {manifest.Folder}";
        var providerInterface = PluginKinds.SharedTypes.First(t => PluginKinds.Of(t) == manifest.Kind);
        Type[] exported;
        try
        {
            // One load context per plugin; the contracts are shared so that the plugin's
            // ICipherProvider is the host's ICipherProvider, and PreferSharedTypes makes the
            // plugin use the host's copy of any assembly the host already has.
            var loader = PluginLoader.CreateFromAssemblyFile(
                manifest.AssemblyPath,
                sharedTypes: PluginKinds.SharedTypes,
                config => config.PreferSharedTypes = true);
            exported = loader.LoadDefaultAssembly().GetExportedTypes();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PluginLoadException($"{who} failed to load: {Describe(ex)}", ex);
        }

        var candidates = exported
            .Where(t => t is { IsClass: true, IsAbstract: false } && providerInterface.IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            var foreignCopy = exported.Any(t => t.GetInterfaces().Any(i => i.FullName == providerInterface.FullName));
            throw new PluginLoadException(foreignCopy
                ? $"{who}: its {providerInterface.Name} comes from another copy of Cairn.Contracts (a plugin must not ship the contracts assembly)"
                : $"{who}: {manifest.Assembly} has no public class implementing {providerInterface.Name} with a parameterless constructor");
        }

        var ids = new List<string>();
        foreach (var type in candidates)
        {
            ICairnPlugin provider;
            try
            {
                provider = (ICairnPlugin)Activator.CreateInstance(type)!;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new PluginLoadException($"{who} failed to load: {type.Name}() threw {Describe(ex)}", ex);
            }

            if (provider.Id == manifest.Id)
            {
                return provider;
            }

            ids.Add(provider.Id);
        }

        throw new PluginLoadException($"{who}: no provider has the manifest's id (found {string.Join(", ", ids.Select(i => $"'{i}'"))})");
    }

    private static string Describe(Exception ex)
    {
        while (ex is TargetInvocationException { InnerException: { } inner })
        {
            ex = inner;
        }

        if (ex is ReflectionTypeLoadException { LoaderExceptions: var loaderExceptions } && loaderExceptions.FirstOrDefault(e => e is not null) is { } first)
        {
            ex = first;
        }

        return $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ").Trim()}";
    }
}
