using System.Text;
using Cairn.Engine.Catalogue;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.Catalogue;

public class CatalogueTests
{
    private static CatalogueRecord Record(string path, EntryType type = EntryType.File) => new(
        new EntryMetadata
        {
            Path = Encoding.UTF8.GetBytes(path),
            Type = type,
            Mode = 0x1ed,
            Uid = 1000,
            Gid = -1,
            UserName = "ünïcode",
            ModificationTimeNs = -5,
            ChangeTimeNs = long.MaxValue,
            Size = 123_456_789_012,
            LinkTarget = type == EntryType.Symlink ? [0xff, 0x00, 0x2f] : null,
            ExtendedAttributes = [new ExtendedAttribute("user.a"u8.ToArray(), [1, 2, 3])],
            AccessAcl = [9],
            SparseMap = [new SparseRegion(0, 10), new SparseRegion(4096, 1)],
            ContentHash = new byte[32],
        },
        Device: 2049,
        Inode: long.MaxValue,
        Data: [new DataLocation(0, 3), new DataLocation(2, 1)],
        SignatureSet: 2);

    private static byte[] Write(params CatalogueRecord[] records)
    {
        using var stream = new MemoryStream();
        using (var writer = new CatalogueWriter(stream))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }

            writer.Finish();
        }

        return stream.ToArray();
    }

    [Fact]
    public void Records_round_trip_with_every_field()
    {
        CatalogueRecord[] records = [Record(""), Record("a", EntryType.Directory), Record("a/x", EntryType.Symlink), Record("a.txt")];
        var read = CatalogueReader.ReadAll(new MemoryStream(Write(records))).ToList();
        Assert.Equal(records.Length, read.Count);
        for (var i = 0; i < records.Length; i++)
        {
            var (a, b) = (records[i], read[i]);
            Assert.Equal(a.Metadata.Path, b.Metadata.Path);
            Assert.Equal(a.Metadata with { ExtendedAttributes = [], SparseMap = null, Path = [], LinkTarget = null, AccessAcl = null, ContentHash = null },
                         b.Metadata with { ExtendedAttributes = [], SparseMap = null, Path = [], LinkTarget = null, AccessAcl = null, ContentHash = null });
            Assert.Equal(a.Metadata.LinkTarget, b.Metadata.LinkTarget);
            Assert.Equal(a.Metadata.SparseMap, b.Metadata.SparseMap);
            Assert.Equal(a.Metadata.ExtendedAttributes.Single().Value, b.Metadata.ExtendedAttributes.Single().Value);
            Assert.Equal(a.Data, b.Data);
            Assert.Equal((a.Device, a.Inode, a.SignatureSet), (b.Device, b.Inode, b.SignatureSet));
        }
    }

    [Fact]
    public void Records_out_of_path_order_are_refused()
    {
        using var writer = new CatalogueWriter(new MemoryStream());
        writer.Write(Record("a.txt"));
        Assert.Throws<ArgumentException>(() => writer.Write(Record("a/x")));
    }

    [Fact]
    public void Every_truncation_is_an_invalid_data_error()
    {
        var bytes = Write(Record("a"), Record("b"));
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<InvalidDataException>(() => CatalogueReader.ReadAll(new MemoryStream(truncated)).ToList());
        }
    }

    [Fact]
    public void A_huge_record_length_is_refused_before_allocating()
    {
        byte[] bytes = [.. "CAIRNCAT"u8, 1, 0xff, 0xff, 0xff, 0xff, 0x0f];
        var error = Assert.Throws<InvalidDataException>(() => CatalogueReader.ReadAll(new MemoryStream(bytes)).ToList());
        Assert.Contains("claims", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", "a/x")]
    [InlineData("a/x", "a.txt")]
    [InlineData("a/z", "a-b")]
    [InlineData("", "a")]
    [InlineData("a/b/c", "a/bc")]
    public void Path_order_puts_a_directory_s_subtree_right_after_it(string before, string after)
    {
        Assert.True(PathOrder.Compare(Encoding.UTF8.GetBytes(before), Encoding.UTF8.GetBytes(after)) < 0);
        Assert.True(PathOrder.Compare(Encoding.UTF8.GetBytes(after), Encoding.UTF8.GetBytes(before)) > 0);
    }
}
