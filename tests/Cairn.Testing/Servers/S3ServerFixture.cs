using Cairn.Contracts.Secrets;

namespace Cairn.Testing.Servers;

/// <summary>
/// s3rver (npm, installed by ./test.sh into tests/servers/node_modules) on 127.0.0.1 on a free port, with
/// one bucket, <see cref="Bucket"/>, and its fixed credentials. Starting fails the tests with the reason
/// (never skips them).
/// </summary>
/// <remarks>
/// Share one server between test classes with a collection fixture defined in the test assembly:
/// <code>
/// [CollectionDefinition(S3ServerFixture.Collection)]
/// public sealed class S3ServerCollection : ICollectionFixture&lt;S3ServerFixture&gt;;
/// </code>
/// </remarks>
public sealed class S3ServerFixture : IAsyncLifetime
{
    /// <summary>The collection name to use in <c>[Collection]</c> and <c>[CollectionDefinition]</c>.</summary>
    public const string Collection = "s3rver";

    /// <summary>The bucket the server is started with.</summary>
    public const string Bucket = "cairn-test";

    /// <summary>s3rver's access key id (and secret key): it accepts only these.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>s3rver's secret access key.</summary>
    public const string SecretAccessKey = "S3RVER";

    private readonly TempDirectory _directory = new("cairn-s3rver");
    private ServerProcess? _server;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The server's base URL, for the s3 backend's <c>endpoint</c> option.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Where s3rver keeps the buckets on disk.</summary>
    public string DataPath => Path.Combine(_directory.Path, "data");

    /// <summary>The <c>s3://</c> URL of a new, empty prefix of the bucket.</summary>
    public Uri NewStoreUrl() => new($"s3://{Bucket}/store-{Guid.NewGuid():N}");

    /// <summary>Options for the s3 backend to reach this server (endpoint, path-style, compatible checksums).</summary>
    public Dictionary<string, string> StoreOptions() => new()
    {
        ["endpoint"] = Endpoint,
        ["path-style"] = "true",
        ["checksums"] = "when-required",
    };

    /// <summary>The host's secret resolver for this server's credentials.</summary>
    public Secret? ResolveSecret(string name) => name switch
    {
        "access-key-id" => Secret.FromText(AccessKeyId, "test"),
        "secret-access-key" => Secret.FromText(SecretAccessKey, "test"),
        _ => null,
    };

    /// <summary>Recent lines of the server's log, to explain a failure.</summary>
    public string ServerLog => _server?.RecentOutput ?? "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var s3rver = Path.Combine(RepositoryRoot.Path, "tests", "servers", "node_modules", ".bin", "s3rver");
        if (!File.Exists(s3rver))
        {
            throw new InvalidOperationException($"{s3rver} is missing: run `npm install` in tests/servers (./test.sh does) to run the S3 tests.");
        }

        Directory.CreateDirectory(DataPath);
        _server = await ServerProcess.StartAsync(
            s3rver,
            ["-d", DataPath, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket],
            Port,
            $"s3rver on 127.0.0.1:{Port}",
            TimeSpan.FromSeconds(30),
            // s3rver encrypts listing continuation tokens with DES, which Node 17+ (OpenSSL 3) refuses
            // without the legacy provider: every listing past 1000 keys would fail with InternalError.
            new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _directory.Dispose();
    }
}
