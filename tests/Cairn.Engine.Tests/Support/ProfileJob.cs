using System.Text.Json;
using Cairn.Hosting.Backends;
using Cairn.Hosting.Jobs;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Profiles;
using Cairn.Testing.Servers;

namespace Cairn.Engine.Tests.Support;

/// <summary>
/// A job opened the way the CLI opens one: a profile file with a <c>target:</c> block, the plugins found in
/// their build output folders and loaded into load contexts of their own, the backend wrapped in
/// <see cref="ResilientBackend"/> by <see cref="JobContext"/>, and the engine context the CLI builds from it.
/// Encryption is AES-256-GCM for a passphrase recipient (cheap Argon2 parameters) read from a variable of its own.
/// </summary>
public sealed class ProfileJob : IAsyncDisposable
{
    private static readonly string[] PluginProjects =
    [
        "backends/local", "backends/sftp", "backends/s3", "backends/webdav", "backends/rclone", "backends/faulty",
        "compressors/zstd", "ciphers/aes-256-gcm", "recipients/passphrase",
    ];

    private readonly string _passphraseVariable = "CAIRN_TEST_PASSPHRASE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private ProfileJob(string folder, string backend, Uri url, IReadOnlyDictionary<string, string> options, ResilienceOptions? resilience, long volumeSize)
    {
        Directory.CreateDirectory(folder);
        var profilePath = Path.Combine(folder, $"profile-{Guid.NewGuid():N}.yaml");
        // JSON is YAML's flow style: every URL and option goes in quoted, as a user would write it.
        var target = JsonSerializer.Serialize(new Dictionary<string, object> { ["backend"] = backend, ["url"] = url.OriginalString, ["options"] = options });
        File.WriteAllText(profilePath, $$"""
            source: ./source
            target: {{target}}
            compression: { provider: zstd }
            encryption:
              provider: aes-256-gcm
              recipients: [ { type: passphrase, env: {{_passphraseVariable}}, argon2-memory-kib: 1024, argon2-iterations: 1 } ]
            volume-size: {{volumeSize}}
            """);
        Environment.SetEnvironmentVariable(_passphraseVariable, TestTarget.Passphrase);
        var profile = ProfileLoader.LoadFile(profilePath);
        Job = JobContext.FromProfile(profile, Plugins, interactive: false, new JobContextOptions
        {
            CacheRoot = Path.Combine(folder, "cache"),
            Resilience = resilience,
            Warn = message => throw new InvalidOperationException($"unexpected warning: {message}"),
        });
        Context = new EngineContext
        {
            Backend = Job.Backend,
            Compressor = Job.Compressor,
            CompressionLevel = Job.CompressionLevel,
            Encryption = Job.Encryption,
            Algorithms = Job.Algorithms,
            Identities = Job.Identities,
            CacheDirectory = Job.CacheDirectory,
            VolumeSize = Job.VolumeSize,
        };
    }

    /// <summary>The plugins of this repository's build: one catalog for every test, as one CLI process has one.</summary>
    public static PluginCatalog Plugins { get; } = PluginCatalog.Discover(PluginProjects.Select(BuildOutput));

    /// <summary>The hosting layer's job, as the CLI opens it.</summary>
    public JobContext Job { get; }

    /// <summary>What the engine works with.</summary>
    public EngineContext Context { get; }

    /// <summary>
    /// Opens a job on <paramref name="url"/> with backend <paramref name="backend"/> and its options. The profile
    /// and the cache go in <paramref name="folder"/>; two jobs with different folders have different (cold) caches.
    /// </summary>
    public static ProfileJob Open(string folder, string backend, Uri url, IReadOnlyDictionary<string, string>? options = null, ResilienceOptions? resilience = null, long volumeSize = 1 << 20) =>
        new(folder, backend, url, options ?? new Dictionary<string, string>(), resilience, volumeSize);

    /// <summary>
    /// Many attempts with millisecond backoffs and short time limits: a flaky store gets through quickly, a dead
    /// one makes the job give up within seconds. <paramref name="onRetry"/> sees every retry.
    /// </summary>
    public static ResilienceOptions QuickRetries(Action<BackendRetry>? onRetry = null) => new()
    {
        MaxAttempts = 20,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        OperationTimeout = TimeSpan.FromSeconds(20),
        TransferTimeout = TimeSpan.FromSeconds(40),
        OnRetry = onRetry,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Job.DisposeAsync();
        Environment.SetEnvironmentVariable(_passphraseVariable, null);
    }

    /// <summary>The build output folder of a plugin project (built because this test project references it).</summary>
    private static string BuildOutput(string project)
    {
        // The tests run from bin/CONFIGURATION/net10.0: the plugins were built in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var folder = Path.Combine(RepositoryRoot.Path, "plugins", project, "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(folder, "cairn-plugin.json"))
            ? folder
            : throw new InvalidOperationException($"plugin {project} is not built at {folder}: build tests/Cairn.Engine.Tests, which references it");
    }
}
