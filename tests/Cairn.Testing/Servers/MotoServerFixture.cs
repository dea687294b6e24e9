using Cairn.Contracts.Secrets;

namespace Cairn.Testing.Servers;

/// <summary>
/// moto's S3 server (<c>moto_server</c>, the Python package moto, which the dotnet machine image ships) on 127.0.0.1
/// on a free port, with one bucket, <see cref="Bucket"/>. For what s3rver lacks: it answers ListMultipartUploads,
/// ListParts and AbortMultipartUpload (s3rver answers the first with 501 Not Implemented and has neither of the
/// others), so the tests of unfinished multipart uploads run here. moto accepts any credentials. Starting fails
/// the tests with the reason (never skips them).
/// </summary>
/// <remarks>
/// Share one server between test classes with a collection fixture defined in the test assembly:
/// <code>
/// [CollectionDefinition(MotoServerFixture.Collection)]
/// public sealed class MotoServerCollection : ICollectionFixture&lt;MotoServerFixture&gt;;
/// </code>
/// </remarks>
public sealed class MotoServerFixture : IAsyncLifetime
{
    /// <summary>The collection name to use in <c>[Collection]</c> and <c>[CollectionDefinition]</c>.</summary>
    public const string Collection = "moto";

    /// <summary>The bucket the fixture creates.</summary>
    public const string Bucket = "cairn-moto";

    private ServerProcess? _server;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The server's base URL, for the s3 backend's <c>endpoint</c> option.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The <c>s3://</c> URL of a new, empty prefix of the bucket.</summary>
    public Uri NewStoreUrl() => new($"s3://{Bucket}/store-{Guid.NewGuid():N}");

    /// <summary>Options for the s3 backend to reach this server (endpoint, path-style, compatible checksums).</summary>
    public Dictionary<string, string> StoreOptions() => new()
    {
        ["endpoint"] = Endpoint,
        ["path-style"] = "true",
        ["checksums"] = "when-required",
    };

    /// <summary>The host's secret resolver: moto takes any access key, so these are placeholders.</summary>
    public Secret? ResolveSecret(string name) => name switch
    {
        "access-key-id" => Secret.FromText("testing", "test"),
        "secret-access-key" => Secret.FromText("testing", "test"),
        _ => null,
    };

    /// <summary>Recent lines of the server's log, to explain a failure.</summary>
    public string ServerLog => _server?.RecentOutput ?? "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // The image installs moto with pyenv's Python: its shim, when PATH does not name the shims folder.
        var pyenvShim = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "moto_server");
        var moto = ToolPath.Find("moto_server") ?? (File.Exists(pyenvShim) ? pyenvShim : null) ?? throw new InvalidOperationException(
            "moto_server is not on PATH: the S3 tests of unfinished multipart uploads need moto's server (Python package moto, "
            + "which the dotnet machine image ships), since s3rver has no ListMultipartUploads.");
        _server = await ServerProcess.StartAsync(
            moto,
            ["-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Port,
            $"moto_server on 127.0.0.1:{Port}",
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        // moto needs no signature on this request; the bucket is made once for every test.
        using var http = new HttpClient();
        using var created = await http.PutAsync(new Uri($"{Endpoint}/{Bucket}"), null).ConfigureAwait(false);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto_server did not create the bucket {Bucket}: {(int)created.StatusCode}{Environment.NewLine}{ServerLog}");
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
