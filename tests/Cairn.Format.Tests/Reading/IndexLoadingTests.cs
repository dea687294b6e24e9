using System.Buffers;
using System.Security.Cryptography;
using Cairn.Format.Index;
using Cairn.Format.Entries;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Reading;

/// <summary>
/// A volume's index is loaded by reading each record's id, locations and path only (<see cref="CompactIndex.Add"/>);
/// the rest of a record is checked when its entry is decoded. These pin down what is checked when, and that a record
/// written from spooled metadata is the record the entry encodes to.
/// </summary>
public sealed class IndexLoadingTests
{
    private const long HeaderLength = 200;
    private const long IndexOffset = 1 << 20;
    private const long DataFrameCount = 4;
    private const int FrameSize = 64 * 1024;

    [Fact]
    public void A_record_loads_with_its_id_and_path_and_decodes_to_the_entry_written()
    {
        using var index = NewIndex();
        var entry = Entry(7, "dir/file");

        Assert.Equal(7, index.Add(Encode(entry)));

        Assert.Equal("dir/file"u8.ToArray(), index.PathAt(0).ToArray());
        var decoded = index[0];
        Assert.Equal(entry.EntryId, decoded.EntryId);
        Assert.Equal(entry.Metadata.Path, decoded.Metadata.Path);
        Assert.Equal(entry.Metadata.Mode, decoded.Metadata.Mode);
        Assert.Equal(entry.DataHash, decoded.DataHash);
        Assert.Equal(entry.EndOffset, decoded.EndOffset);
    }

    [Fact]
    public void A_record_malformed_after_its_path_loads_and_fails_when_decoded()
    {
        // A critical field this Cairn does not know (tag 21, as a newer writer might add), after the path.
        using var index = NewIndex();
        index.Add(Encode(Entry(1, "a")));
        index.Add([.. Encode(Entry(2, "b")), 21, 0]);

        Assert.Equal("b"u8.ToArray(), index.PathAt(1).ToArray());
        Assert.Equal(1, index[0].EntryId);
        var error = Assert.Throws<ArchiveFormatException>(() => index[1]);
        Assert.Contains("unknown critical field 21", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_without_a_path_is_refused_when_loaded()
    {
        using var index = NewIndex();
        var entry = Entry(1, "a");
        var body = Encode(entry);
        var path = FieldAt(body, entry, "\u0003\u0001a"u8); // the path field: tag 3, length 1, "a"
        byte[] withoutPath = [.. body.AsSpan(0, path), .. body.AsSpan(path + 3)];

        var error = Assert.Throws<ArchiveFormatException>(() => index.Add(withoutPath));
        Assert.Contains("non-empty path", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void A_record_whose_locations_lie_outside_the_frames_is_refused_when_loaded()
    {
        using var index = NewIndex();
        var outside = Entry(1, "a", frameOffset: HeaderLength - 1);

        var error = Assert.Throws<ArchiveFormatException>(() => index.Add(Encode(outside)));
        Assert.Contains("outside the data frames", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_out_of_order_before_the_path_are_refused_when_loaded()
    {
        using var index = NewIndex();
        var entry = Entry(1, "a");
        var body = Encode(entry);
        var type = FieldAt(body, entry, "\u0001\u0001"u8); // the type field: tag 1, length 1, then its value
        byte[] twice = [.. body.AsSpan(0, type + 3), .. body.AsSpan(type)]; // the type field twice, before the path

        var error = Assert.Throws<ArchiveFormatException>(() => index.Add(twice));
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_out_of_order_after_the_path_fail_when_decoded()
    {
        using var index = NewIndex();
        var entry = Entry(1, "a");
        var body = Encode(entry);
        var type = FieldAt(body, entry, "\u0001\u0001"u8);
        var path = FieldAt(body, entry, "\u0003\u0001a"u8);
        Assert.True(path > type);
        // The path first, then the type: the path is found at once, and tag 1 after tag 3 only when decoded.
        byte[] swapped = [.. body.AsSpan(0, type), .. body.AsSpan(path, 3), .. body.AsSpan(type, 3), .. body.AsSpan(path + 3)];

        index.Add(swapped);

        Assert.Equal("a"u8.ToArray(), index.PathAt(0).ToArray());
        var error = Assert.Throws<ArchiveFormatException>(() => index[0]);
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_written_with_its_metadata_already_encoded_is_the_record_written_from_the_entry()
    {
        // How a volume's finish writes its index: the spooled metadata bytes are copied, not decoded and encoded again.
        var entry = Entry(9, "dir/file");
        var metadata = new ArrayBufferWriter<byte>();
        EntryMetadataCodec.Write(metadata, entry.Metadata);
        var placement = new IndexEntryLayout.Placement(entry.EntryId, 0, entry.FrameSequence, entry.FrameOffset, entry.OffsetInFrame, entry.EndOffset, entry.DataOffset, entry.DataLength);
        var copied = new ArrayBufferWriter<byte>();

        IndexEntryLayout.Write(copied, placement, entry.DataHash, metadata.WrittenSpan);

        Assert.Equal(Encode(entry), copied.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_record_that_ends_in_its_volume_is_not_written_without_a_data_hash()
    {
        var entry = Entry(9, "dir/file");
        var placement = new IndexEntryLayout.Placement(entry.EntryId, 0, 0, HeaderLength, 0, HeaderLength + 10, 0, 10);

        Assert.Throws<InvalidOperationException>(() => IndexEntryLayout.Write(new ArrayBufferWriter<byte>(), placement, [], []));
    }

    private static CompactIndex NewIndex() => new(HeaderLength, IndexOffset, DataFrameCount, FrameSize);

    private static IndexEntry Entry(long id, string path, long frameOffset = HeaderLength) => new()
    {
        EntryId = id,
        Metadata = TestEntries.File(path, size: 10),
        FrameSequence = 0,
        FrameOffset = frameOffset,
        OffsetInFrame = 12,
        EndOffset = frameOffset + 500,
        DataLength = 10,
        DataHash = SHA256.HashData(BitConverter.GetBytes(id)),
    };

    /// <summary>Where a field starts in a record: searched for in its metadata only, which comes last.</summary>
    private static int FieldAt(byte[] record, IndexEntry entry, ReadOnlySpan<byte> field)
    {
        var metadata = new ArrayBufferWriter<byte>();
        EntryMetadataCodec.Write(metadata, entry.Metadata);
        var start = record.Length - metadata.WrittenCount;
        var at = record.AsSpan(start).IndexOf(field);
        Assert.True(at >= 0);
        return start + at;
    }

    private static byte[] Encode(IndexEntry entry)
    {
        var writer = new ArrayBufferWriter<byte>();
        IndexEntryLayout.Write(writer, entry);
        return writer.WrittenSpan.ToArray();
    }
}
