using Cairn.Contracts.Backends;
using Cairn.Engine.Storage;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.Storage;

/// <summary>
/// The seekable view of a target object: ranged reads where the reads go, growing while they stay
/// sequential, and short hops forward served without a new request.
/// </summary>
public class BackendReadStreamTests
{
    [Fact]
    public async Task A_sequential_scan_reads_every_byte_in_few_growing_ranges()
    {
        using var target = new TestTarget("cairn-read-stream");
        var content = await Store(target, "object", 20 << 20);

        using var stream = new BackendReadStream(target.Backend, "object", content.Length);
        var read = new MemoryStream();
        stream.CopyTo(read, 1 << 20);

        Assert.Equal(content, read.ToArray());
        Assert.Equal(content.Length, stream.BytesFetched);
        // 64 KiB, 128 KiB... then 8 MiB ranges: 8 requests below 8 MiB, then two more.
        Assert.InRange(target.Backend.Reads, 3, 12);
    }

    [Fact]
    public async Task Seeks_read_the_bytes_at_the_new_position()
    {
        using var target = new TestTarget("cairn-read-stream-seek");
        var content = await Store(target, "object", 3 << 20);
        using var stream = new BackendReadStream(target.Backend, "object", content.Length);
        var buffer = new byte[1000];

        foreach (var offset in new long[] { 2_000_000, 10, 3_000_000, 2_999_000, 0, (3 << 20) - 1000 })
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            Assert.Equal(content.AsSpan((int)offset, buffer.Length).ToArray(), buffer);
        }

        stream.Position = content.Length;
        Assert.Equal(0, stream.Read(buffer));
    }

    [Fact]
    public async Task A_read_a_little_ahead_is_served_without_a_new_request()
    {
        using var target = new TestTarget("cairn-read-stream-skip");
        var content = await Store(target, "object", 1 << 20);
        using var stream = new BackendReadStream(target.Backend, "object", content.Length);
        var buffer = new byte[100];

        stream.ReadExactly(buffer);
        var requests = target.Backend.Reads;
        stream.Position = 5_000;
        stream.ReadExactly(buffer);

        Assert.Equal(content.AsSpan(5_000, 100).ToArray(), buffer);
        Assert.Equal(requests, target.Backend.Reads);
    }

    [Fact]
    public async Task An_object_shorter_than_its_listing_is_a_transient_backend_error()
    {
        using var target = new TestTarget("cairn-read-stream-short");
        var content = await Store(target, "object", 100_000);
        using var stream = new BackendReadStream(target.Backend, "object", content.Length + 50_000);

        var error = Assert.Throws<BackendException>(() => stream.CopyTo(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Contains("ended at 100000 bytes", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> Store(TestTarget target, string name, int length)
    {
        var content = TestFiles.Random(11, length);
        await target.Backend.WriteAsync(name, new MemoryStream(content));
        return content;
    }
}
