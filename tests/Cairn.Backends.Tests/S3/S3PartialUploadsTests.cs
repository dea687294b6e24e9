using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cairn.Contracts.Backends;
using Cairn.Plugins.S3;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.S3;

/// <summary>
/// The s3 backend finds and aborts the multipart uploads that killed writes leave open, on moto's S3 server
/// (s3rver has no ListMultipartUploads; S3BackendTests checks what the backend says there).
/// </summary>
[Collection(MotoServerFixture.Collection)]
public sealed class S3PartialUploadsTests(MotoServerFixture moto)
{
    private IBackend Open(Uri url) => new S3BackendProvider().Open(new BackendSettings(url, moto.StoreOptions(), moto.ResolveSecret));

    /// <summary>A client of its own, to do what a killed writer did: start a multipart upload and send a part.</summary>
    private AmazonS3Client Client() => new(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config
    {
        ServiceURL = moto.Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private static string KeyPrefix(Uri url) => url.AbsolutePath.Trim('/') + "/";

    private static async Task<string> StartUploadAsync(AmazonS3Client client, string key, byte[]? part)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = MotoServerFixture.Bucket, Key = key });
        if (part is not null)
        {
            await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = MotoServerFixture.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartNumber = 1,
                InputStream = new MemoryStream(part),
                UseChunkEncoding = false,
            });
        }

        return upload.UploadId;
    }

    [Fact]
    public async Task An_unfinished_multipart_upload_is_listed_and_aborted_and_the_objects_stay()
    {
        var url = moto.NewStoreUrl();
        await using var store = Open(url);
        using var client = Client();
        string? uploadId = null;
        // The upload is for the name of an object that exists: aborting it must leave the object as it is.
        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 70_000, async bytes =>
        {
            uploadId = await StartUploadAsync(client, KeyPrefix(url) + PartialUploadChecks.ObjectName, bytes);
            return PartialUploadChecks.ObjectName;
        });

        Assert.Equal(uploadId, listed.UploadId);
        var open = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = MotoServerFixture.Bucket, Prefix = KeyPrefix(url) });
        Assert.Empty(open.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Only_the_uploads_under_the_targets_prefix_are_listed()
    {
        var url = moto.NewStoreUrl();
        await using var store = Open(url);
        using var client = Client();
        var mine = await StartUploadAsync(client, KeyPrefix(url) + "sets/a", [1, 2, 3]);
        var second = await StartUploadAsync(client, KeyPrefix(url) + "sets/a", null);
        var neighbour = await StartUploadAsync(client, url.AbsolutePath.Trim('/') + "x/sets/a", [4]);
        var foreign = await StartUploadAsync(client, KeyPrefix(url) + "folder//marker", [5]);

        var listed = await ((IPartialUploads)store).ListPartialUploadsAsync().ToListAsync();

        // Two uploads of one key are two entries, told apart by their ids; an upload without parts holds nothing.
        Assert.Equal([(mine, 3L), (second, 0L)], listed.Select(u => (u.UploadId!, u.Size)).OrderByDescending(u => u.Item2));
        Assert.All(listed, u => Assert.Equal("sets/a", u.Name));
        await client.AbortMultipartUploadAsync(MotoServerFixture.Bucket, url.AbsolutePath.Trim('/') + "x/sets/a", neighbour);
        await client.AbortMultipartUploadAsync(MotoServerFixture.Bucket, KeyPrefix(url) + "folder//marker", foreign);
    }

    [Fact]
    public async Task Removing_needs_the_upload_id()
    {
        await using var store = Open(moto.NewStoreUrl());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ((IPartialUploads)store).DeletePartialUploadAsync(new PartialUpload("sets/a", 3)));
        Assert.Contains("upload id", error.Message, StringComparison.Ordinal);
    }
}
