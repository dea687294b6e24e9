using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.S3;

/// <summary>The bucket, key prefix, client settings and upload sizes, read from the target's URL and options.</summary>
internal sealed record S3Endpoint(
    string Bucket,
    string KeyPrefix,
    AmazonS3Config Config,
    AWSCredentials? Credentials,
    S3StorageClass? StorageClass,
    int PartSize,
    int UploadConcurrency,
    TimeSpan Timeout,
    TimeSpan UploadTimeout)
{
    /// <summary>The smallest part S3 accepts, except for the last one.</summary>
    public const int MinimumPartSize = 5 << 20;

    /// <summary>The most parts one multipart upload may have.</summary>
    public const int MaximumParts = 10_000;

    /// <summary>For messages: <c>s3://bucket/prefix</c>. Never holds a secret.</summary>
    public override string ToString() => $"s3://{Bucket}/{KeyPrefix}";

    /// <summary>Reads <c>s3://bucket/prefix</c> and the options.</summary>
    /// <exception cref="ArgumentException">The URL or an option is malformed.</exception>
    public static S3Endpoint From(BackendSettings settings)
    {
        var url = settings.Url;
        if (!url.IsAbsoluteUri || url.Scheme != "s3" || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException($"The s3 backend needs a URL like s3://bucket/prefix, not \"{url}\".", nameof(settings));
        }

        if (url.UserInfo.Length > 0)
        {
            throw new ArgumentException("The s3 URL must not hold credentials; give them with access-key-id-env / secret-access-key-env (or -file).", nameof(settings));
        }

        var prefix = Uri.UnescapeDataString(url.AbsolutePath).Trim('/');
        if (prefix.Length > 0)
        {
            BackendNames.Validate(prefix, "prefix");
            prefix += "/";
        }

        var config = new AmazonS3Config();
        var endpoint = settings.GetOption("endpoint");
        var region = settings.GetOption("region");
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUrl) || endpointUrl.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"The s3 option endpoint must be an http(s) URL, not \"{endpoint}\".", nameof(settings));
            }

            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else if (FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            // Neither AWS_REGION nor a shared AWS profile names one: the SDK would fail on the first call with its own exception.
            throw new ArgumentException("The s3 backend needs a region: set the option region (or AWS_REGION), or endpoint for an S3-compatible server.", nameof(settings));
        }

        // S3-compatible servers mostly want path-style addressing (http://host/bucket/key); AWS prefers virtual hosts.
        config.ForcePathStyle = Bool(settings, "path-style", fallback: endpoint is not null);
        switch (settings.GetOption("checksums", "when-supported"))
        {
            case "when-supported":
                break;
            case "when-required":
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
                break;
            case var other:
                throw new ArgumentException($"The s3 option checksums must be when-supported or when-required, not \"{other}\".", nameof(settings));
        }

        var partSizeMiB = settings.GetPositiveInt("part-size", 16);
        if ((long)partSizeMiB << 20 < MinimumPartSize || partSizeMiB > 1024)
        {
            throw new ArgumentException($"The s3 option part-size is in MiB and must be from 5 to 1024, not {partSizeMiB}.", nameof(settings));
        }

        var storageClass = settings.GetOption("storage-class") is { } name ? S3StorageClass.FindValue(name) : null;
        return new S3Endpoint(
            url.Host,
            prefix,
            config,
            CredentialsFrom(settings),
            storageClass,
            partSizeMiB << 20,
            settings.GetPositiveInt("upload-concurrency", 4),
            TimeSpan.FromSeconds(settings.GetPositiveInt("timeout-seconds", 60)),
            TimeSpan.FromSeconds(settings.GetPositiveInt("upload-timeout-seconds", 3600)));
    }

    private static AWSCredentials? CredentialsFrom(BackendSettings settings)
    {
        var keyId = settings.ResolveSecret("access-key-id");
        var secretKey = settings.ResolveSecret("secret-access-key");
        if (keyId is null && secretKey is null)
        {
            return null; // The SDK's default chain: environment, profile file, instance role.
        }

        if (keyId is null || secretKey is null)
        {
            throw new ArgumentException("The s3 target has only one of access-key-id and secret-access-key; give both, or neither to use the AWS default credentials.", nameof(settings));
        }

        var sessionToken = settings.ResolveSecret("session-token");
        return sessionToken is null
            ? new BasicAWSCredentials(keyId.Text.Trim(), secretKey.Text.Trim())
            : new SessionAWSCredentials(keyId.Text.Trim(), secretKey.Text.Trim(), sessionToken.Text.Trim());
    }

    private static bool Bool(BackendSettings settings, string option, bool fallback) => settings.GetOption(option) switch
    {
        null => fallback,
        "true" or "yes" => true,
        "false" or "no" => false,
        var other => throw new ArgumentException($"The s3 option {option} must be true or false, not \"{other}\".", nameof(settings)),
    };
}
