using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends;
using Cairn.Plugins.Local;
using Cairn.Plugins.Faulty;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Resilience;

/// <summary>The resilient wrapper over the real local backend, made to fail by <see cref="FlakyBackend"/>.</summary>
public sealed class ResilientBackendTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-resilient");
    private readonly List<BackendRetry> _retries = [];

    public void Dispose() => _directory.Dispose();

    private (ResilientBackend Store, FlakyBackend Flaky) Open(ResilienceOptions? options = null)
    {
        var flaky = new FlakyBackend(new LocalBackend(_directory.NewSubdirectory()));
        var store = new ResilientBackend(flaky, (options ?? new ResilienceOptions()) with
        {
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(10),
            SpoolDirectory = _directory.Path,
            OnRetry = r => { lock (_retries) { _retries.Add(r); } },
        });
        return (store, flaky);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_call_succeeds()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        flaky.FailNext("write", 2);
        var content = StoreContent.Random(5000, 1);
        await store.WriteAsync("a", new MemoryStream(content));
        flaky.FailNext("stat", 2);
        flaky.FailNext("delete", 1);
        flaky.FailNext("read", 1);
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "a"));
        Assert.Equal(5000, (await store.StatAsync("a"))!.Size);
        await store.DeleteAsync("a");
        Assert.Null(await store.StatAsync("a"));
        Assert.Equal(3, flaky.Calls("write"));
        Assert.Contains(_retries, r => r is { Operation: "write", Name: "a", Attempt: 2 });
        Assert.Contains(_retries, r => r is { Operation: "delete", Attempt: 1 });
    }

    [Fact]
    public async Task A_call_that_keeps_failing_gives_up_after_the_last_attempt_with_the_last_error()
    {
        var (store, flaky) = Open(new ResilienceOptions { MaxAttempts = 3 });
        await using var _ = store;
        flaky.FailNext("stat", 10);
        var error = await Assert.ThrowsAsync<BackendTransientException>(() => store.StatAsync("x"));
        Assert.Contains("call 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, flaky.Calls("stat"));
        Assert.Equal([1, 2], _retries.Select(r => r.Attempt));
    }

    [Fact]
    public async Task Errors_that_are_not_transient_are_not_retried()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        await Assert.ThrowsAsync<BackendNotFoundException>(() => store.OpenReadAsync("missing"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../escape", new MemoryStream([1])));
        Assert.Equal(1, flaky.Calls("read"));
        Assert.Equal(0, flaky.Calls("write"));
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task Content_from_a_pipe_is_sent_whole_again_on_retry()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        flaky.FailNext("write", 2);
        var content = StoreContent.Random(300_000, 2);
        await store.WriteAsync("piped", new NonSeekableStream(content));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "piped"));
        Assert.Empty(Directory.GetFiles(_directory.Path, "cairn-upload-*"));
    }

    [Fact]
    public async Task A_seekable_stream_is_replayed_from_where_it_started()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        flaky.FailNext("write", 1);
        var content = StoreContent.Random(1000, 3);
        var stream = new MemoryStream(content) { Position = 100 };
        await store.WriteAsync("tail", stream);
        Assert.Equal(content[100..], await StoreContent.ReadAllAsync(store, "tail"));
    }

    [Fact]
    public async Task A_short_upload_is_caught_by_the_size_check_and_sent_again()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        flaky.TruncateWrites = 1;
        var content = StoreContent.Random(10_000, 4);
        await store.WriteAsync("checked", new MemoryStream(content));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "checked"));
        var retry = Assert.Single(_retries);
        Assert.Contains("10000 bytes were sent, the store has 5000 bytes", retry.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_upload_that_persists_fails_with_the_verification_error()
    {
        var (store, flaky) = Open(new ResilienceOptions { MaxAttempts = 2 });
        await using var _ = store;
        flaky.TruncateWrites = 5;
        var error = await Assert.ThrowsAsync<BackendTransientException>(() => store.WriteAsync("checked", new MemoryStream(StoreContent.Random(100, 5))));
        Assert.StartsWith("Upload verification failed for checked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_upload_is_caught_by_reading_it_back_when_asked()
    {
        var (store, flaky) = Open(new ResilienceOptions { Verification = UploadVerification.SizeAndContent });
        await using var _ = store;
        flaky.CorruptWrites = 1;
        var content = StoreContent.Random(4096, 6);
        await store.WriteAsync("hashed", new MemoryStream(content));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "hashed"));
        Assert.Contains("SHA-256", Assert.Single(_retries).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_size_check_alone_does_not_read_uploads_back()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        flaky.CorruptWrites = 1;
        await store.WriteAsync("unhashed", new MemoryStream(StoreContent.Random(4096, 7)));
        Assert.Equal(0, flaky.Calls("read"));
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task A_read_that_breaks_off_resumes_at_the_next_byte()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        var content = StoreContent.Random(1 << 20, 8);
        await store.WriteAsync("big", new MemoryStream(content));
        flaky.BreakReads = (100_000, 3);
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, "big"));
        Assert.Equal(4, flaky.Calls("read"));

        flaky.BreakReads = (1000, 2);
        Assert.Equal(content.AsSpan(500_000, 5000).ToArray(), await StoreContent.ReadAllAsync(store, "big", 500_000, 5000));
    }

    [Fact]
    public async Task A_call_that_hangs_times_out_and_is_retried()
    {
        var (store, flaky) = Open(new ResilienceOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) });
        await using var _ = store;
        await store.WriteAsync("x", new MemoryStream([1, 2]));
        flaky.HangStats = 1;
        Assert.Equal(2, (await store.StatAsync("x"))!.Size);
        Assert.Contains("timed out", Assert.Single(_retries).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_that_ignores_cancellation_is_left_behind_at_the_timeout()
    {
        var (store, flaky) = Open(new ResilienceOptions { OperationTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 1 });
        await using var _ = store;
        flaky.HangStatsIgnoringCancellation = (1, TimeSpan.FromSeconds(5));
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<BackendTransientException>(() => store.StatAsync("x"));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "the timeout waited for the hung call");
        Assert.Contains("stat x timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_run_at_most_the_configured_number_at_once()
    {
        var (store, flaky) = Open(new ResilienceOptions { MaxParallelTransfers = 3 });
        await using var _ = store;
        flaky.WriteDelay = TimeSpan.FromMilliseconds(50);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => store.WriteAsync($"p/{i}", new MemoryStream(StoreContent.Random(100, i)))));
        Assert.Equal(3, flaky.MaxConcurrentWrites);
        var names = new List<string>();
        await foreach (var item in store.ListAsync("p/"))
        {
            names.Add(item.Name);
        }

        Assert.Equal(12, names.Count);
    }

    [Fact]
    public async Task A_listing_that_breaks_off_is_retried_without_repeating_names()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        for (var i = 0; i < 5; i++)
        {
            await store.WriteAsync($"l/{i}", new MemoryStream([(byte)i]));
        }

        flaky.FailNext("list", 2);
        var names = new List<string>();
        await foreach (var item in store.ListAsync(""))
        {
            names.Add(item.Name);
        }

        Assert.Equal(["l/0", "l/1", "l/2", "l/3", "l/4"], names.Order(StringComparer.Ordinal));
        Assert.Equal(3, flaky.Calls("list"));
    }

    [Fact]
    public async Task A_rename_whose_reply_was_lost_counts_as_done()
    {
        var (store, flaky) = Open();
        await using var _ = store;
        await store.WriteAsync("from", new MemoryStream([9]));
        flaky.FailNext("rename", 1);
        await store.RenameAsync("from", "to");
        Assert.Null(await store.StatAsync("from"));
        Assert.Equal([9], await StoreContent.ReadAllAsync(store, "to"));
        await Assert.ThrowsAsync<BackendNotFoundException>(() => store.RenameAsync("from", "to"));
    }

    [Fact]
    public async Task Wrap_keeps_the_partial_uploads_of_a_backend_that_lists_them_with_retries()
    {
        var root = _directory.NewSubdirectory();
        var flaky = new FlakyBackend(new LocalBackend(root));
        await using var store = ResilientBackend.Wrap(flaky, new ResilienceOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(10),
            OnRetry = r => { lock (_retries) { _retries.Add(r); } },
        });
        var uploads = Assert.IsAssignableFrom<IPartialUploads>(store);
        Directory.CreateDirectory(Path.Combine(root, "set"));
        await File.WriteAllBytesAsync(Path.Combine(root, "set", ".cairn-partial-x"), [1, 2, 3]);

        flaky.FailNext("list-partial", 1);
        var listed = Assert.Single(await uploads.ListPartialUploadsAsync().ToListAsync());
        Assert.Equal(("set/.cairn-partial-x", 3L), (listed.Name, listed.Size));
        flaky.FailNext("delete-partial", 1);
        await uploads.DeletePartialUploadAsync(listed);

        Assert.False(File.Exists(Path.Combine(root, "set", ".cairn-partial-x")));
        Assert.Contains(_retries, r => r is { Operation: "list-partial", Attempt: 1 });
        Assert.Contains(_retries, r => r is { Operation: "delete-partial", Name: "set/.cairn-partial-x", Attempt: 1 });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_wrapper_passes_in_place_writes_on_so_a_local_target_writes_its_volumes_once(bool wrapped)
    {
        var root = _directory.NewSubdirectory();
        var local = new LocalBackend(root);
        await using var store = wrapped ? ResilientBackend.Wrap(local) : new ResilientBackend(local);

        var writer = store.OpenObjectWriter("set/vol-000001.cairn");
        Assert.NotNull(writer);
        await using (writer)
        {
            await writer.Content.WriteAsync(new byte[] { 1, 2, 3, 4 });
            Assert.Null(await store.StatAsync("set/vol-000001.cairn"));
            await writer.CommitAsync();
        }

        Assert.Equal([1, 2, 3, 4], await StoreContent.ReadAllAsync(store, "set/vol-000001.cairn"));
        Assert.Throws<ArgumentException>(() => store.OpenObjectWriter("../outside"));
    }

    [Fact]
    public async Task Wrap_adds_no_partial_uploads_to_a_backend_without_them()
    {
        // The faulty test backend wraps another without passing the optional contract on.
        await using var store = ResilientBackend.Wrap(new FaultyBackend(new LocalBackend(_directory.NewSubdirectory()), new FaultPlan(0, TimeSpan.Zero, null, null, FaultMode.Transient)));
        Assert.False(store is IPartialUploads);
        Assert.IsType<ResilientBackend>(store);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_stays_under_the_cap()
    {
        var store = new ResilientBackend(new LocalBackend(_directory.Path), new ResilienceOptions
        {
            InitialBackoff = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(8),
        });
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var full = Math.Min(Math.Pow(2, attempt - 1), 8);
            var delays = Enumerable.Range(0, 50).Select(_ => store.Backoff(attempt).TotalSeconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, full / 2, full));
            Assert.True(delays.Distinct().Count() > 1, "no jitter");
        }
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        var local = new LocalBackend(_directory.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientBackend(local, new ResilienceOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientBackend(local, new ResilienceOptions { MaxParallelTransfers = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientBackend(local, new ResilienceOptions { OperationTimeout = TimeSpan.Zero }));
    }

    private sealed class NonSeekableStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
