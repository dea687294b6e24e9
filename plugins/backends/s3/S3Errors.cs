using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.S3;

/// <summary>Turns the AWS SDK's exceptions into the typed backend errors callers catch.</summary>
internal static class S3Errors
{
    /// <summary>Maps <paramref name="exception"/> from an operation on <paramref name="name"/>; null when it is not an S3 or network failure.</summary>
    public static BackendException? Map(Exception exception, string name, S3Endpoint endpoint) => exception switch
    {
        BackendException => null,
        AmazonS3Exception { ErrorCode: "NoSuchBucket" } => new BackendNotFoundException($"{endpoint} (the bucket {endpoint.Bucket} does not exist)", exception),
        AmazonS3Exception { ErrorCode: "NoSuchKey" } or AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } => new BackendNotFoundException(name, exception),
        AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "ExpiredToken" or "InvalidToken" } or
            AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } =>
            new BackendAuthenticationException($"{endpoint} refused the credentials or the access for {name}: {exception.Message}", exception),
        AmazonS3Exception { ErrorCode: "QuotaExceeded" or "InsufficientStorage" } or AmazonS3Exception { StatusCode: HttpStatusCode.InsufficientStorage } =>
            new BackendFullException($"{endpoint} has no room for {name}: {exception.Message}", exception),
        AmazonS3Exception { ErrorCode: "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" } or
            AmazonS3Exception { StatusCode: >= HttpStatusCode.InternalServerError } or AmazonS3Exception { StatusCode: HttpStatusCode.TooManyRequests } =>
            new BackendTransientException($"{endpoint} failed on {name}, try again: {exception.Message}", exception),
        AmazonS3Exception s3 => new BackendException($"{endpoint} refused {name}: {s3.ErrorCode} {s3.Message}", isTransient: false, exception),
        AmazonServiceException or HttpRequestException or IOException or TimeoutException =>
            new BackendTransientException($"The connection to {endpoint} failed during {name}: {exception.Message}", exception),
        AmazonClientException => new BackendException($"The S3 client could not send {name} to {endpoint}: {exception.Message}", isTransient: false, exception),
        _ => null,
    };
}
