using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;
using Cairn.Backends.Tests.Resilience;
using Cairn.Plugins.S3;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.S3;

/// <summary>Multipart uploads, exact ranges, credentials and options of the s3 backend, on a real s3rver.</summary>
[Collection(S3ServerFixture.Collection)]
public sealed class S3BackendTests(S3ServerFixture s3)
{
    private IBackend Open(Dictionary<string, string>? extra = null, Func<string, Secret?>? secrets = null, Uri? url = null)
    {
        var options = s3.StoreOptions();
        foreach (var (key, value) in extra ?? [])
        {
            options[key] = value;
        }

        return new S3BackendProvider().Open(new BackendSettings(url ?? s3.NewStoreUrl(), options, secrets ?? s3.ResolveSecret));
    }

    /// <summary>The object files s3rver keeps on disk for a key (it stores each object as a file named after the key).</summary>
    private long StoredSize(Uri url, string name)
    {
        var key = url.AbsolutePath.Trim('/') + "/" + name;
        var file = Directory.EnumerateFiles(Path.Combine(s3.DataPath, S3ServerFixture.Bucket), "*", SearchOption.AllDirectories)
            .Single(f => f.Replace('\\', '/').EndsWith(key + "._S3rver_object", StringComparison.Ordinal));
        return new FileInfo(file).Length;
    }

    [Fact]
    public async Task A_multipart_object_of_21_MiB_round_trips_and_is_stored_byte_exact()
    {
        var url = s3.NewStoreUrl();
        await using var store = Open(new() { ["part-size"] = "5", ["upload-concurrency"] = "3" }, url: url);
        var content = StoreContent.Random((21 << 20) + 12345, 1);
        await store.WriteAsync("big.bin", new NonSeekable(content));
        Assert.Equal(content.Length, (await store.StatAsync("big.bin"))!.Size);
        Assert.Equal(content.Length, StoredSize(url, "big.bin"));
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await StoreContent.ReadAllAsync(store, "big.bin")));
        Assert.Contains("uploadId", s3.ServerLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_of_exactly_one_part_size_round_trips()
    {
        await using var store = Open(new() { ["part-size"] = "5" });
        var content = StoreContent.Random(5 << 20, 2);
        await store.WriteAsync("exact", new MemoryStream(content));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "exact"));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 1000)]
    [InlineData(5_242_879, 2)]
    [InlineData(5_242_880, 1_000_000)]
    [InlineData(11_000_000, null)]
    [InlineData(11_534_335, 1)]
    public async Task Ranged_reads_return_exactly_the_bytes_asked_for(int offset, int? length)
    {
        await using var store = Open(new() { ["part-size"] = "5" });
        var content = StoreContent.Random(11 << 20, 3);
        await store.WriteAsync("ranged", new MemoryStream(content));
        var expected = content.AsSpan(offset, length ?? content.Length - offset).ToArray();
        Assert.Equal(expected, await StoreContent.ReadAllAsync(store, "ranged", offset, length));
    }

    [Fact]
    public async Task A_small_put_is_stored_byte_exact_without_chunk_framing()
    {
        var url = s3.NewStoreUrl();
        await using var store = Open(url: url);
        await store.WriteAsync("small", new MemoryStream(StoreContent.Random(1000, 4)));
        Assert.Equal(1000, StoredSize(url, "small"));
    }

    [Fact]
    public async Task The_default_checksum_setting_works_too()
    {
        await using var store = Open(new() { ["checksums"] = "when-supported" });
        var content = StoreContent.Random(70_000, 5);
        await store.WriteAsync("c", new MemoryStream(content));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "c"));
    }

    [Fact]
    public async Task Objects_live_under_the_url_prefix_and_list_without_it()
    {
        var url = new Uri($"s3://{S3ServerFixture.Bucket}/deep/prefix-{Guid.NewGuid():N}");
        await using var store = Open(url: url);
        await store.WriteAsync("sets/a", new MemoryStream([1]));
        var listed = await store.ListAsync("").ToListAsync();
        Assert.Equal("sets/a", Assert.Single(listed).Name);
        await using var bucketRoot = Open(url: new Uri($"s3://{S3ServerFixture.Bucket}"));
        Assert.Contains(await bucketRoot.ListAsync("deep/").ToListAsync(), o => o.Name == url.AbsolutePath.TrimStart('/') + "/sets/a");
    }

    [Fact]
    public async Task Listing_pages_through_more_than_a_thousand_objects()
    {
        await using var store = Open();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1100), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, token) => await store.WriteAsync($"many/{i:D5}", new MemoryStream([(byte)i]), token));
        var listed = await store.ListAsync("many/").ToListAsync();
        Assert.Equal(1100, listed.Select(o => o.Name).Distinct().Count());
    }

    [Fact]
    public async Task Wrong_credentials_are_an_authentication_error_without_the_secret()
    {
        // s3rver checks the access key id but not SigV4 signatures, so the wrong key here is the id.
        await using var store = Open(secrets: name => name switch
        {
            "access-key-id" => Secret.FromText("NOT-A-KNOWN-KEY", "test"),
            "secret-access-key" => Secret.FromText("wrong-secret-key-value", "test"),
            _ => null,
        });
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.WriteAsync("x", new MemoryStream([1])));
        Assert.DoesNotContain("wrong-secret-key-value", error.ToString(), StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        var listing = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Contains("access for the listing:", listing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_not_found()
    {
        await using var store = Open(url: new Uri("s3://no-such-bucket-here/x"));
        var error = await Assert.ThrowsAsync<BackendNotFoundException>(() => store.WriteAsync("x", new MemoryStream([1])));
        Assert.Contains("no-such-bucket-here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_error()
    {
        await using var store = Open(new() { ["endpoint"] = $"http://127.0.0.1:{FreePort.Next()}" });
        var error = await Assert.ThrowsAnyAsync<BackendException>(() => store.StatAsync("x"));
        Assert.True(error.IsTransient, error.ToString());
    }

    [Fact]
    public void Only_one_of_the_two_keys_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Open(secrets: name => name == "access-key-id" ? Secret.FromText("S3RVER", "test") : null));
        Assert.Contains("secret-access-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_region_or_an_endpoint_the_option_is_named()
    {
        var settings = new BackendSettings(new Uri("s3://bucket/prefix"), new Dictionary<string, string>(), _ => null);
        if (Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint() is not null)
        {
            // This machine names a region (AWS_REGION or ~/.aws/config): the backend takes it.
            await using var backend = new S3BackendProvider().Open(settings);
            Assert.NotNull(backend);
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => new S3BackendProvider().Open(settings));
        Assert.Contains("option region", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("part-size", "4")]
    [InlineData("part-size", "many")]
    [InlineData("checksums", "sometimes")]
    [InlineData("path-style", "maybe")]
    [InlineData("endpoint", "ftp://example.org")]
    public void Bad_options_are_refused_with_their_name(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Open(new() { [option] = value }));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    private sealed class NonSeekable(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Hand out odd-sized pieces, as a pipe would.
            var n = Math.Min(Math.Min(count, 77_777), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_read_whose_connection_drops_resumes()
    {
        await using var proxy = new DroppingTcpProxy(new Uri(s3.Endpoint).Port);
        var store = Open(new() { ["endpoint"] = $"http://127.0.0.1:{proxy.Port}" });
        await DroppedConnections.ReadResumesAfterDroppedConnectionsAsync(store, proxy);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_each_request_within_the_timeout()
    {
        await using var silent = new SilentTcpServer();
        await using var store = Open(new() { ["endpoint"] = $"http://127.0.0.1:{silent.Port}", ["timeout-seconds"] = "1", ["upload-timeout-seconds"] = "2" });
        var limit = TimeSpan.FromSeconds(30);
        var list = await Assert.ThrowsAsync<BackendTransientException>(() => store.ListAsync("").ToListAsync().AsTask().WaitAsync(limit));
        Assert.Contains("did not answer", list.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<BackendTransientException>(() => store.StatAsync("x").WaitAsync(limit));
        await Assert.ThrowsAsync<BackendTransientException>(() => store.OpenReadAsync("x").WaitAsync(limit));
        await Assert.ThrowsAsync<BackendTransientException>(() => store.WriteAsync("x", new MemoryStream(new byte[1000])).WaitAsync(limit));
        await Assert.ThrowsAsync<BackendTransientException>(() => store.WriteAsync("big", new MemoryStream(new byte[(16 << 20) + 1])).WaitAsync(limit));
    }
}
