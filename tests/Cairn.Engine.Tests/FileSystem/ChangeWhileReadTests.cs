using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Tests.FileSystem;

/// <summary>A file that grew, shrank or was written to between its scan and the end of its read is reported; one left alone is not.</summary>
public sealed class ChangeWhileReadTests : IDisposable
{
    private readonly TempDirectory _tree = new("cairn-change-while-read-");

    public void Dispose() => _tree.Dispose();

    private static long ReadAll(Stream content)
    {
        var sink = new MemoryStream();
        content.CopyTo(sink);
        return sink.Length;
    }

    private ScannedEntry Scan(string name) => TreeScanner.DescribeOne(_tree[name], new TreeScannerOptions())!;

    [Fact]
    public void A_file_left_alone_is_not_reported()
    {
        Shell.Run("head -c 300000 /dev/urandom > f", _tree.Path);
        var entry = Scan("f");
        using var content = entry.OpenContent();
        Assert.Null(ChangeWhileRead.Describe(entry, content, ReadAll(content)));
        Assert.Null(ChangeWhileRead.Describe(entry, 300_000));
    }

    [Fact]
    public void A_file_that_grew_during_the_read_is_reported_with_its_sizes()
    {
        Shell.Run("head -c 300000 /dev/urandom > log", _tree.Path);
        var entry = Scan("log");
        using var content = entry.OpenContent();
        var first = new byte[100_000];
        content.ReadExactly(first);
        Shell.Run("head -c 5000 /dev/urandom >> log", _tree.Path);
        long read = first.Length + ReadAll(content);

        Assert.Equal(305_000, read);
        Assert.Equal(
            "changed while it was read (300,000 bytes at the scan, 305,000 bytes read, 305,000 bytes now); stored as read",
            ChangeWhileRead.Describe(entry, content, read));
        Assert.Equal("changed while it was read (300,000 bytes at the scan, 305,000 bytes read); stored as read", ChangeWhileRead.Describe(entry, read));
    }

    [Fact]
    public void A_file_written_in_place_to_the_same_size_is_reported_by_its_time()
    {
        Shell.Run("head -c 300000 /dev/urandom > db; touch -d '2020-01-01' db", _tree.Path);
        var entry = Scan("db");
        using var content = entry.OpenContent();
        long read = ReadAll(content);
        Shell.Run("printf 'page' | dd of=db bs=1 seek=1000 conv=notrunc status=none", _tree.Path);

        Assert.Equal(
            "changed while it was read (modified, same size); stored as read, which may mix old and new content",
            ChangeWhileRead.Describe(entry, content, read));
    }
}
