using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cairn.Contracts.Backends;

namespace Cairn.Backends.Tests.Resilience;

/// <summary>
/// A real backend (the local one, on disk) made to fail the way networks and servers do: some calls
/// throw transient errors before reaching the store, read streams break off halfway, writes lose their
/// tail or a byte, calls hang. Everything that does go through is really stored and read. Its partial uploads
/// are the real backend's (which must have them to be asked).
/// </summary>
internal sealed class FlakyBackend(IBackend real) : IBackend, IPartialUploads
{
    private readonly ConcurrentDictionary<string, int> _failNext = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, bool> _lastFailed = new();
    private int _activeWrites;
    private int _maxActiveWrites;

    /// <summary>
    /// When set, fails each call whose running number (per operation) is divisible by this, unless it is a
    /// retry of the same name (so that concurrent calls cannot starve one name of successes).
    /// </summary>
    public int FailEveryNth { get; set; }

    /// <summary>Read streams throw a transient error after this many bytes, this many times.</summary>
    public (long AfterBytes, int Times) BreakReads { get; set; }

    /// <summary>The next this-many writes store only the first half of the content (and swallow the rest).</summary>
    public int TruncateWrites { get; set; }

    /// <summary>The next this-many writes store the content with one byte changed.</summary>
    public int CorruptWrites { get; set; }

    /// <summary>The next this-many stats hang until cancelled.</summary>
    public int HangStats { get; set; }

    /// <summary>The next this-many stats hang, ignoring cancellation, for this long.</summary>
    public (int Times, TimeSpan For) HangStatsIgnoringCancellation { get; set; }

    /// <summary>Each write waits this long before storing, to let writes overlap.</summary>
    public TimeSpan WriteDelay { get; set; }

    public int MaxConcurrentWrites => _maxActiveWrites;

    public int Calls(string operation) => _calls.GetValueOrDefault(operation);

    /// <summary>Makes the next <paramref name="count"/> calls of <paramref name="operation"/> fail transiently.</summary>
    public void FailNext(string operation, int count) => _failNext[operation] = count;

    public BackendCapabilities Capabilities => real.Capabilities;

    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failHalfway = MaybeFail("list", prefix, throwNow: false);
        var count = 0;
        await foreach (var item in real.ListAsync(prefix, cancellationToken))
        {
            if (failHalfway && count++ == 1)
            {
                throw new BackendTransientException("injected: connection reset while listing");
            }

            yield return item;
        }

        if (failHalfway)
        {
            throw new BackendTransientException("injected: connection reset at the end of a listing");
        }
    }

    public async Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        MaybeFail("stat", name);
        if (HangStats > 0)
        {
            HangStats--;
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (HangStatsIgnoringCancellation.Times > 0)
        {
            HangStatsIgnoringCancellation = (HangStatsIgnoringCancellation.Times - 1, HangStatsIgnoringCancellation.For);
            await Task.Delay(HangStatsIgnoringCancellation.For, CancellationToken.None);
        }

        return await real.StatAsync(name, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        MaybeFail("read", name);
        var stream = await real.OpenReadAsync(name, offset, length, cancellationToken);
        if (BreakReads.Times > 0)
        {
            BreakReads = (BreakReads.AfterBytes, BreakReads.Times - 1);
            return new BreakingStream(stream, BreakReads.AfterBytes);
        }

        return stream;
    }

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        MaybeFail("write", name);
        var active = Interlocked.Increment(ref _activeWrites);
        InterlockedMax(ref _maxActiveWrites, active);
        try
        {
            if (WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(WriteDelay, cancellationToken);
            }

            if (TruncateWrites > 0 || CorruptWrites > 0)
            {
                using var buffer = new MemoryStream();
                await content.CopyToAsync(buffer, cancellationToken);
                var bytes = buffer.ToArray();
                if (TruncateWrites > 0)
                {
                    TruncateWrites--;
                    bytes = bytes[..(bytes.Length / 2)];
                }
                else
                {
                    CorruptWrites--;
                    bytes[bytes.Length / 2] ^= 0xFF;
                }

                await real.WriteAsync(name, new MemoryStream(bytes), cancellationToken);
                return;
            }

            await real.WriteAsync(name, content, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _activeWrites);
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        MaybeFail("delete", name);
        return real.DeleteAsync(name, cancellationToken);
    }

    public async Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var failAfter = MaybeFail("rename", source, throwNow: false);
        await real.RenameAsync(source, destination, cancellationToken);
        if (failAfter)
        {
            // The rename happened; only the reply was lost.
            throw new BackendTransientException("injected: connection reset after a rename");
        }
    }

    /// <remarks>A failing listing breaks off after its first upload, as a dropped connection would.</remarks>
    public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failHalfway = MaybeFail("list-partial", "", throwNow: false);
        await foreach (var item in ((IPartialUploads)real).ListPartialUploadsAsync(cancellationToken))
        {
            yield return item;
            if (failHalfway)
            {
                throw new BackendTransientException("injected: connection reset while listing partial uploads");
            }
        }
    }

    public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
    {
        MaybeFail("delete-partial", upload.Name);
        return ((IPartialUploads)real).DeletePartialUploadAsync(upload, cancellationToken);
    }

    public ValueTask DisposeAsync() => real.DisposeAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Decides whether this call fails; throws at once unless <paramref name="throwNow"/> is false.</summary>
    private bool MaybeFail(string operation, string name, bool throwNow = true)
    {
        var number = _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        var key = operation + " " + name;
        var fail = false;
        if (_failNext.TryGetValue(operation, out var left) && left > 0)
        {
            _failNext[operation] = left - 1;
            fail = true;
        }
        else if (FailEveryNth > 0 && number % FailEveryNth == 0 && !_lastFailed.GetValueOrDefault(key))
        {
            fail = true;
        }

        _lastFailed[key] = fail;

        if (fail && throwNow)
        {
            throw new BackendTransientException($"injected: {operation} failed (call {number})");
        }

        return fail;
    }

    /// <summary>Breaks off with a transient error after some bytes, like a dropped connection.</summary>
    private sealed class BreakingStream(Stream inner, long breakAfter) : Stream
    {
        private long _given;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_given >= breakAfter)
            {
                throw new BackendTransientException("injected: connection reset while reading");
            }

            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, breakAfter - _given)], cancellationToken);
            _given += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
