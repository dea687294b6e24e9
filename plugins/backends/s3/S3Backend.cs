using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Cairn.Contracts.Backends;
using Cairn.Plugins.Backends;

namespace Cairn.Plugins.S3;

/// <summary>
/// A store under a key prefix of an S3 bucket (AWS or a compatible server). Objects up to one part size go up
/// in one PUT; larger ones as a multipart upload whose parts are sent in parallel, a bounded number at a time.
/// Every request body carries its Content-MD5, so the server rejects a corrupted upload. S3 cannot rename.
/// </summary>
internal sealed class S3Backend : IBackend
{
    private readonly S3Endpoint _endpoint;
    private readonly AmazonS3Client _client;

    public S3Backend(S3Endpoint endpoint)
    {
        _endpoint = endpoint;
        _client = endpoint.Credentials is null ? new AmazonS3Client(endpoint.Config) : new AmazonS3Client(endpoint.Credentials, endpoint.Config);
    }

    public BackendCapabilities Capabilities => BackendCapabilities.RangedRead | BackendCapabilities.ServerSideHash;

    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = _endpoint.Bucket, Prefix = _endpoint.KeyPrefix + prefix };
        while (true)
        {
            var page = await CallAsync(prefix.Length == 0 ? "the listing" : $"the listing of {prefix}", _endpoint.Timeout, token => _client.ListObjectsV2Async(request, token), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                var name = item.Key[_endpoint.KeyPrefix.Length..];
                // Keys that are not valid names (folder markers "a/", "a//b") were not written by Cairn: skip them.
                if (BackendNames.FindProblem(name) is null)
                {
                    yield return new BackendObjectInfo(name, item.Size ?? 0, item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        try
        {
            var head = await CallAsync(name, _endpoint.Timeout, token => _client.GetObjectMetadataAsync(_endpoint.Bucket, key, token), cancellationToken).ConfigureAwait(false);
            return new BackendObjectInfo(name, head.ContentLength, head.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null);
        }
        catch (BackendNotFoundException e) when (e.Name == name)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        if (length == 0)
        {
            // No byte range can ask for nothing; only whether the object exists matters.
            return await StatAsync(name, cancellationToken).ConfigureAwait(false) is null
                ? throw new BackendNotFoundException(name)
                : new MemoryStream([], writable: false);
        }

        var request = new GetObjectRequest { BucketName = _endpoint.Bucket, Key = key };
        var ranged = offset > 0 || length is not null;
        if (ranged)
        {
            // Written out: the SDK's numeric form drops a range of 0-0 (the first byte) as if none were set.
            var last = length is { } want && want <= long.MaxValue - offset ? offset + want - 1 : (long?)null;
            request.ByteRange = new ByteRange($"bytes={offset}-{last}");
        }

        try
        {
            var response = await CallAsync(name, _endpoint.Timeout, token => _client.GetObjectAsync(request, token), cancellationToken).ConfigureAwait(false);
            var available = response.ContentLength;
            if (TotalSizeOf(response.ContentRange) is { } total)
            {
                // Some servers (s3rver) answer a range of an empty object with 206 and a length they never send.
                available = Math.Clamp(total - offset, 0, available);
            }
            else if (ranged && offset > 0)
            {
                response.Dispose();
                throw new BackendException($"{_endpoint} ignored the byte range asked for {name}; it cannot serve ranged reads.");
            }

            if (length is { } want)
            {
                // A server that sends more than asked (s3rver reads "bytes=0-0" as the whole object): keep to the range.
                available = Math.Min(available, want);
            }

            if (available == 0)
            {
                response.Dispose();
                return new MemoryStream([], writable: false);
            }

            return new ReadWindowStream(response.ResponseStream, available, response, e => S3Errors.Map(e, name, _endpoint));
        }
        catch (BackendException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.RequestedRangeNotSatisfiable } or AmazonS3Exception { ErrorCode: "InvalidRange" })
        {
            // The object exists but the range starts at or after its end: nothing to read.
            return new MemoryStream([], writable: false);
        }
    }

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        ArgumentNullException.ThrowIfNull(content);
        var first = ArrayPool<byte>.Shared.Rent(_endpoint.PartSize);
        try
        {
            var length = await ReadFullAsync(content, first.AsMemory(0, _endpoint.PartSize), cancellationToken).ConfigureAwait(false);
            if (length < _endpoint.PartSize)
            {
                await PutAsync(name, key, first, length, cancellationToken).ConfigureAwait(false);
                return;
            }

            var buffer = first;
            first = null; // The multipart upload returns it to the pool.
            await MultipartUploadAsync(name, key, content, buffer, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (first is not null)
            {
                ArrayPool<byte>.Shared.Return(first);
            }
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        return CallAsync(name, _endpoint.Timeout, token => _client.DeleteObjectAsync(_endpoint.Bucket, key, token), cancellationToken);
    }

    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("S3 cannot rename objects (the s3 backend has no Rename capability).");

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The object's size from a <c>Content-Range: bytes a-b/size</c> header, when the server sent one.</summary>
    private static long? TotalSizeOf(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), out var total) ? total : null;
    }

    private static async Task<int> ReadFullAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

#pragma warning disable CA5351 // Content-MD5 is S3's integrity check of the request body, not a security measure.
    private static string ContentMd5(byte[] buffer, int length) => Convert.ToBase64String(MD5.HashData(buffer.AsSpan(0, length)));
#pragma warning restore CA5351

    private async Task PutAsync(string name, string key, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _endpoint.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            MD5Digest = ContentMd5(buffer, length),
            // aws-chunked bodies confuse several S3-compatible servers (s3rver stores the framing as data).
            UseChunkEncoding = false,
            StorageClass = _endpoint.StorageClass,
        };
        await CallAsync(name, _endpoint.UploadTimeout, token => _client.PutObjectAsync(request, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task MultipartUploadAsync(string name, string key, Stream content, byte[] firstPart, int firstLength, CancellationToken cancellationToken)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _endpoint.Bucket, Key = key, StorageClass = _endpoint.StorageClass };
        string uploadId;
        try
        {
            uploadId = (await CallAsync(name, _endpoint.Timeout, token => _client.InitiateMultipartUploadAsync(start, token), cancellationToken).ConfigureAwait(false)).UploadId;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(firstPart);
            throw;
        }

        var parts = new ConcurrentBag<PartETag>();
        var running = new List<Task>();
        // At most this many parts are in flight, plus the one being read: memory stays bounded.
        using var slots = new SemaphoreSlim(_endpoint.UploadConcurrency);
        try
        {
            var buffer = firstPart;
            var length = firstLength;
            for (var partNumber = 1; ; partNumber++)
            {
                if (partNumber > S3Endpoint.MaximumParts)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new BackendException(
                        $"{name} is larger than {S3Endpoint.MaximumParts} parts of {_endpoint.PartSize >> 20} MiB; raise the s3 option part-size.");
                }

                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(UploadPartAsync(name, key, uploadId, partNumber, buffer, length, parts, slots, cancellationToken));
                if (length < _endpoint.PartSize || running.Any(t => t.IsFaulted))
                {
                    break;
                }

                buffer = ArrayPool<byte>.Shared.Rent(_endpoint.PartSize);
                length = await ReadFullAsync(content, buffer.AsMemory(0, _endpoint.PartSize), cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = _endpoint.Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = [.. parts.OrderBy(p => p.PartNumber)],
            };
            await CallAsync(name, _endpoint.UploadTimeout, token => _client.CompleteMultipartUploadAsync(complete, token), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            await AbortQuietlyAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task UploadPartAsync(
        string name, string key, string uploadId, int partNumber, byte[] buffer, int length, ConcurrentBag<PartETag> parts, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            var request = new UploadPartRequest
            {
                BucketName = _endpoint.Bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = body,
                MD5Digest = ContentMd5(buffer, length),
                UseChunkEncoding = false,
            };
            var response = await CallAsync(name, _endpoint.UploadTimeout, token => _client.UploadPartAsync(request, token), cancellationToken).ConfigureAwait(false);
            parts.Add(new PartETag(partNumber, response.ETag));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            slots.Release();
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await CallAsync(key, _endpoint.Timeout, token => _client.AbortMultipartUploadAsync(_endpoint.Bucket, key, uploadId, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException)
        {
            // Left for the bucket's lifecycle rule on incomplete uploads; the object itself was never created.
        }
    }

    /// <summary>
    /// Sends one request, given at most <paramref name="timeout"/>: the SDK's async calls have no time limit of
    /// their own, so a server that accepts the connection and never answers would hold the call for good.
    /// </summary>
    private async Task<T> CallAsync<T>(string name, TimeSpan timeout, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await call(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BackendTransientException($"{_endpoint} did not answer the request for {name} within {timeout.TotalSeconds:0} s.", e);
        }
        catch (Exception e) when (S3Errors.Map(e, name, _endpoint) is { } mapped)
        {
            throw mapped;
        }
    }

    private string KeyOf(string name)
    {
        BackendNames.Validate(name);
        return _endpoint.KeyPrefix + name;
    }
}
