using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cairn.Contracts.Backends;
using Cairn.Testing.Backends;

namespace Cairn.Engine.Tests.Support;

/// <summary>
/// Wraps a backend and counts the bytes its reads actually served (what a network would carry). Objects written in
/// place pass through too, as the host's wrapper passes them, and are named in <see cref="WrittenInPlace"/>.
/// </summary>
public sealed class CountingBackend(IBackend inner) : DelegatingBackend(inner)
{
    private readonly ConcurrentQueue<string> _opened = new();
    private readonly ConcurrentQueue<string> _writtenInPlace = new();
    private readonly ConcurrentQueue<string> _written = new();
    private long _bytesRead;
    private long _reads;

    /// <summary>Awaited before every listing, when set: lets a test hold a listing back until something else happened.</summary>
    public Func<CancellationToken, Task>? BeforeListing { get; set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The objects written with <see cref="WriteAsync"/>, in order.</summary>
    public IReadOnlyList<string> Written => [.. _written];

    /// <summary>The objects opened with <see cref="OpenObjectWriter"/>, in order.</summary>
    public IReadOnlyList<string> WrittenInPlace => [.. _writtenInPlace];

    /// <summary>The objects read since the last <see cref="Reset"/>, in the order they were opened.</summary>
    public IReadOnlyList<string> Opened => [.. _opened];

    public void Reset()
    {
        _opened.Clear();
        Interlocked.Exchange(ref _bytesRead, 0);
        Interlocked.Exchange(ref _reads, 0);
    }

    public override async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (BeforeListing is { } gate)
        {
            await gate(cancellationToken);
        }

        await foreach (var info in Inner.ListAsync(prefix, cancellationToken))
        {
            yield return info;
        }
    }

    public override async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        _opened.Enqueue(name);
        return new Counter(await Inner.OpenReadAsync(name, offset, length, cancellationToken), this);
    }

    public override Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        _written.Enqueue(name);
        return base.WriteAsync(name, content, cancellationToken);
    }

    public override IObjectWriter? OpenObjectWriter(string name)
    {
        _writtenInPlace.Enqueue(name);
        return base.OpenObjectWriter(name);
    }

    private sealed class Counter(Stream stream, CountingBackend owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(stream.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(stream.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Count(await stream.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stream.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int n)
        {
            Interlocked.Add(ref owner._bytesRead, n);
            return n;
        }
    }
}
