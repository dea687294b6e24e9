using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Format;
using Cairn.Hosting.Backends;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Profiles;
using Cairn.Hosting.Secrets;

namespace Cairn.Hosting.Jobs;

/// <summary>
/// Everything a backup job needs, built from a profile: the opened target (wrapped in
/// <see cref="ResilientBackend"/>), the compressor, the cipher, the recipients that wrap archive keys and the
/// identities that unwrap them, and the algorithms that read archive headers. Only the plugins the profile
/// names are loaded. Secrets are resolved when first needed: a backup asks for what writing needs, a restore
/// for what reading needs, and each secret is asked for once.
/// </summary>
public sealed partial class JobContext : IAsyncDisposable
{
    private readonly bool _interactive;
    private readonly Action<string> _warn;
    private readonly Lazy<IReadOnlyList<IRecipient>> _recipients;
    private readonly Lazy<IReadOnlyList<IIdentity>> _identities;
    private readonly IReadOnlyList<(ProfileRecipient Spec, IRecipientProvider Provider)> _recipientProviders;
    private readonly Dictionary<SecretReference, Secret> _secrets = [];
    private readonly HashSet<SecretReference> _confirmed = [];
    private readonly Lock _secretsLock = new();

    private JobContext(
        Profile profile,
        PluginCatalog plugins,
        IBackend backend,
        string? targetFolder,
        string cacheDirectory,
        ICompressorProvider compressor,
        ICipherProvider? cipher,
        IReadOnlyList<(ProfileRecipient, IRecipientProvider)> recipientProviders,
        bool interactive,
        JobContextOptions options)
    {
        Profile = profile;
        Plugins = plugins;
        Backend = backend;
        TargetFolder = targetFolder;
        Compressor = compressor;
        Cipher = cipher;
        _recipientProviders = recipientProviders;
        _interactive = interactive;
        _warn = options.Warn ?? DefaultWarn;
        Algorithms = new PluginAlgorithms(plugins);
        CacheDirectory = cacheDirectory;
        _recipients = new Lazy<IReadOnlyList<IRecipient>>(CreateRecipients, LazyThreadSafetyMode.ExecutionAndPublication);
        _identities = new Lazy<IReadOnlyList<IIdentity>>(CreateIdentities, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The profile the job was built from.</summary>
    public Profile Profile { get; }

    /// <summary>The plugins found (only the ones the job uses are loaded).</summary>
    public PluginCatalog Plugins { get; }

    /// <summary>The opened target, wrapped with retries, time limits and upload checks. Disposed with the context.</summary>
    public IBackend Backend { get; }

    /// <summary>
    /// The folder on this machine that holds the target's objects, when its backend keeps them in one
    /// (<see cref="ILocalFolderBackend"/>), or <see langword="null"/>. A backup leaves it out of its source.
    /// </summary>
    public string? TargetFolder { get; }

    /// <summary>The compressor for new archives.</summary>
    public ICompressorProvider Compressor { get; }

    /// <summary>The compression level, or <see langword="null"/> for the compressor's default.</summary>
    public int? CompressionLevel => Profile.Compression.Level;

    /// <summary>The cipher for new archives, or <see langword="null"/> when the profile says <c>provider: none</c>.</summary>
    public ICipherProvider? Cipher { get; }

    /// <summary>
    /// The recipients that wrap each new archive key. Resolved on first use: a passphrase is read from its
    /// variable or file, or asked for (twice) on a terminal. Empty when encryption is off.
    /// </summary>
    /// <exception cref="SecretUnavailableException">A passphrase is needed and cannot be had.</exception>
    /// <exception cref="ArgumentException">A recipient's options are malformed (for example a bad public key).</exception>
    public IReadOnlyList<IRecipient> Recipients => _recipients.Value;

    /// <summary>How new archives are encrypted, or <see langword="null"/> when encryption is off. Resolves <see cref="Recipients"/>.</summary>
    public ArchiveEncryption? Encryption => Cipher is null ? null : new ArchiveEncryption(Cipher, Recipients);

    /// <summary>
    /// Returns the identities that open the target's archives, resolving their secrets on the first call
    /// (a passphrase, or the private keys named by <c>identity-env</c>/<c>identity-file</c>).
    /// </summary>
    /// <exception cref="SecretUnavailableException">No recipient of the profile can open archives here, or a secret cannot be had.</exception>
    public Func<IReadOnlyList<IIdentity>> Identities => () => _identities.Value;

    /// <summary>Resolves the compressor and cipher ids found in archive headers, loading those plugins on demand.</summary>
    public IArchiveAlgorithms Algorithms { get; }

    /// <summary>The size at which data volumes roll.</summary>
    public long VolumeSize => Profile.VolumeSize;

    /// <summary>This target's local cache folder: one per target URL under <see cref="JobContextOptions.CacheRoot"/>, private to its user (<see cref="CacheFolder"/>).</summary>
    public string CacheDirectory { get; }

    /// <summary>
    /// Builds the job a profile describes: finds plugins in the default folders plus the profile's
    /// <c>plugins.paths</c> (unless <paramref name="pluginCatalog"/> is given), loads the ones it names, and
    /// opens the target.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <param name="pluginCatalog">The plugins to use, or <see langword="null"/> to discover them.</param>
    /// <param name="interactive">True to ask for missing secrets when a terminal is attached; false never asks (cron, scripts).</param>
    /// <param name="options">Retry settings, the warning sink and the cache root.</param>
    /// <exception cref="PluginLoadException">
    /// A plugin the profile names is not installed or is broken, or, for a target without a backend, no plugin takes the URL's
    /// scheme; the message is one line, with a "did you mean" hint or the schemes that are taken.
    /// </exception>
    /// <exception cref="ProfileException">A value the plugin rejects (a compression level out of its range).</exception>
    /// <exception cref="ArgumentException">The backend plugin rejects the URL or an option.</exception>
    /// <exception cref="BackendException">The target cannot be reached.</exception>
    /// <exception cref="CacheUnavailableException">The target's cache folder cannot be made (it is made private, mode 0700: <see cref="CacheFolder"/>).</exception>
    public static JobContext FromProfile(Profile profile, PluginCatalog? pluginCatalog = null, bool interactive = true, JobContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        options ??= new JobContextOptions();
        var catalog = pluginCatalog ?? PluginCatalog.Discover(PluginFolders.Default(profile.Plugins.Paths));
        var warn = options.Warn;

        // Load (and so check) every plugin before opening anything.
        var backendProvider = profile.Target.Backend is { } backendId
            ? Require<IBackendProvider>(catalog, profile, backendId, PluginKind.Backend, profile.Target.BackendLocation)
            : BackendForUrl(catalog, profile);
        var compressor = Require<ICompressorProvider>(catalog, profile, profile.Compression.Provider, PluginKind.Compressor, profile.Compression.Location);
        CompressionLevelCheck.Check(profile, compressor);
        var cipher = profile.Encryption.IsEnabled
            ? Require<ICipherProvider>(catalog, profile, profile.Encryption.Provider, PluginKind.Cipher, profile.Encryption.Location)
            : null;
        var recipients = profile.Encryption.Recipients
            .Select(spec => (spec, Require<IRecipientProvider>(catalog, profile, spec.Type, PluginKind.Recipient, spec.Location)))
            .ToList();
        if (cipher is not null && recipients.Count == 0)
        {
            throw new ProfileException(profile.DisplayName, profile.Encryption.Location, "encryption needs at least one recipient, or 'provider: none'");
        }

        var cacheDirectory = CacheFolder.Locate(options.CacheRoot ?? DefaultCacheRoot(), profile.Target.Url);
        CacheFolder.Prepare(cacheDirectory, warn ?? DefaultWarn);
        var backend = OpenBackend(catalog, backendProvider, profile.Target.Url, profile.Target.Options, interactive, warn);
        var resilient = ResilientBackend.Wrap(backend, options.Resilience);
        var targetFolder = (backend as ILocalFolderBackend)?.LocalFolder;
        return new JobContext(profile, catalog, resilient, targetFolder, cacheDirectory, compressor, cipher, recipients, interactive, options);
    }

    /// <summary>Builds a job from command-line flags (<c>--target URL --source DIR</c>) instead of a profile.</summary>
    /// <exception cref="ArgumentException">A flag is malformed.</exception>
    /// <exception cref="PluginLoadException">A plugin is missing or broken.</exception>
    /// <exception cref="BackendException">The target cannot be reached.</exception>
    public static JobContext FromFlags(JobFlags flags, PluginCatalog? pluginCatalog = null, bool interactive = true, JobContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        return FromProfile(flags.ToProfile(), pluginCatalog, interactive, options);
    }

    /// <summary>Closes the target.</summary>
    public ValueTask DisposeAsync() => Backend.DisposeAsync();

    private static T Require<T>(PluginCatalog catalog, Profile profile, string id, PluginKind kind, ProfileLocation? location)
        where T : class, ICairnPlugin
    {
        if (!catalog.TryFind(id, out _) && catalog.Problems.All(p => p.PluginId != id))
        {
            var installed = catalog.Plugins.Where(p => p.Kind == kind).Select(p => p.Id).ToList();
            var where = location?.ToString() ?? profile.DisplayName;
            var installedText = installed.Count == 0 ? $"none is installed in {string.Join(", ", catalog.Folders)}" : "installed: " + string.Join(", ", installed);
            throw new PluginLoadException($"{where}: no {PluginKinds.Name(kind)} plugin '{id}'{NameSuggestions.Hint(id, installed)}; {installedText}");
        }

        return catalog.Load<T>(id);
    }

    private static IBackend OpenBackend(
        PluginCatalog catalog, IBackendProvider provider, Uri url, IReadOnlyDictionary<string, string> options, bool interactive, Action<string>? warn)
    {
        if (!provider.Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The backend '{provider.Id}' takes {string.Join(", ", provider.Schemes.Select(s => s + ":"))} URLs, not {url.Scheme}: ('{UrlRedaction.WithoutPassword(url.OriginalString)}').");
        }

        var settings = new BackendSettings(url, options, SecretSources.ForOptions(options, $"target {provider.Id}", interactive, warn))
        {
            OpenBackend = (innerUrl, innerOptions) =>
                OpenBackend(catalog, BackendSchemes.ProviderFor(catalog, innerUrl.Scheme), innerUrl, innerOptions, interactive, warn),
        };
        return provider.Open(settings);
    }

    /// <summary>The backend for a target that names none: the plugin that takes the URL's scheme.</summary>
    private static IBackendProvider BackendForUrl(PluginCatalog catalog, Profile profile)
    {
        try
        {
            return BackendSchemes.ProviderFor(catalog, profile.Target.Url.Scheme);
        }
        catch (PluginLoadException ex)
        {
            var where = profile.Target.UrlLocation?.ToString() ?? profile.DisplayName;
            throw new PluginLoadException($"{where}: {ex.Message}", ex);
        }
    }

    private static void DefaultWarn(string message) => Console.Error.WriteLine($"cairn: warning: {message}");

    private static string DefaultCacheRoot()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cacheHome, "cairn");
    }
}
