using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.S3;

/// <summary>
/// The <c>s3</c> backend: objects under a prefix of an S3 bucket, <c>s3://bucket/prefix</c>, on AWS or on an
/// S3-compatible server (option <c>endpoint</c>). Credentials come from the secrets <c>access-key-id</c> and
/// <c>secret-access-key</c>, or from the AWS SDK's default chain when neither is given.
/// </summary>
public sealed class S3BackendProvider : IBackendProvider
{
    /// <inheritdoc />
    public string Id => "s3";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "Objects in an S3 bucket (s3://bucket/prefix), on AWS or an S3-compatible server.";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["s3"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL or an option is malformed.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new S3Backend(S3Endpoint.From(settings));
    }
}
