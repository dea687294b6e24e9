using System.Security.Cryptography;
using System.Text;
using Cairn.Format.Entries;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.RoundTrip;

public sealed class SingleVolumeRoundTripTests
{
    public static IEnumerable<object[]> CompressorsAndEncryption() =>
        TestAlgorithms.Compressors.SelectMany(c => new[] { new object[] { c.Id, true }, new object[] { c.Id, false } });

    [Theory]
    [MemberData(nameof(CompressorsAndEncryption))]
    public void Mixed_entries_come_back_with_their_data_through_the_index(string compressor, bool encrypted)
    {
        var entries = new List<(EntryMetadata, byte[]?)>
        {
            (TestEntries.Directory("dir"), null),
            (TestEntries.File("dir/empty"), []),
            (TestEntries.File("dir/small"), TestEntries.Data(1000, 1)),
            (TestEntries.File("dir/large"), TestEntries.Data(300_000, 2)),
            (TestEntries.File("dir/random"), TestEntries.RandomData(70_000, 3)),
        };
        var volume = TestArchive.Write(TestArchive.Options(compressor, encrypted, frameSize: 16 * 1024), entries);

        using var reader = TestArchive.Open(volume, encrypted);

        Assert.Equal(entries.Count, reader.Entries.Count);
        Assert.Equal(encrypted, reader.Header.IsEncrypted);
        Assert.Equal(compressor, reader.Header.CompressorId);
        for (var i = 0; i < entries.Count; i++)
        {
            var (metadata, data) = entries[i];
            var entry = reader.Entries[i];
            Assert.Equal(metadata.Path, entry.Metadata.Path);
            Assert.Equal(i, entry.EntryId);
            using var stream = reader.OpenData(entry);
            var read = TestArchive.ReadAll(stream);
            Assert.Equal(data ?? [], read);
            if (metadata.Type == EntryType.File)
            {
                Assert.Equal(read.Length, entry.Metadata.Size);
                Assert.Equal(SHA256.HashData(read), entry.Metadata.ContentHash);
            }
        }
    }

    [Fact]
    public void Entries_can_be_read_in_any_order()
    {
        var data = Enumerable.Range(0, 20).Select(i => TestEntries.Data(5000 + (i * 997), i)).ToArray();
        var volume = TestArchive.Write(TestArchive.Options(frameSize: 8192), data.Select((d, i) => (TestEntries.File($"f{i}"), (byte[]?)d)));

        using var reader = TestArchive.Open(volume);

        foreach (var i in new[] { 19, 0, 7, 7, 13, 1 })
        {
            using var stream = reader.OpenData(reader.Entries[i]);
            Assert.Equal(data[i], TestArchive.ReadAll(stream));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_empty_archive_has_an_empty_index(bool encrypted)
    {
        var volume = TestArchive.Write(TestArchive.Options(encrypted: encrypted), []);

        using var reader = TestArchive.Open(volume, encrypted);

        Assert.Empty(reader.Entries);
        Assert.Equal(1, reader.Trailer.FrameCount);
        Assert.True(reader.Trailer.IsLastVolume);
    }

    [Fact]
    public void Every_metadata_field_survives_the_entry_record_and_the_index()
    {
        var metadata = TestEntries.Full([0x66, 0xFF, 0xFE, 0x2F, 0xC3, 0x28]); // not UTF-8
        var volume = TestArchive.Write(TestArchive.Options(), [(metadata, TestEntries.Data(10, 1))]);

        using var reader = TestArchive.Open(volume);

        TestEntries.AssertSame(metadata, reader.Entries[0].Metadata);
        var sequential = SequentialArchiveReader.Read(new MemoryStream(volume), TestAlgorithms.All, TestArchive.Identities(true)).Single();
        TestEntries.AssertSame(metadata, sequential.Metadata);
    }

    [Fact]
    public void Unicode_and_very_long_paths_round_trip()
    {
        var paths = new[]
        {
            Encoding.UTF8.GetBytes("日本語/ファイル.txt"),
            Encoding.UTF8.GetBytes("emoji/🪨🪨🪨"),
            Encoding.UTF8.GetBytes(string.Join('/', Enumerable.Repeat("long-directory-name", 3000))), // ~60 KB, over a frame
            [0x80, 0x81, 0x2F, 0xFF],
        };
        var volume = TestArchive.Write(TestArchive.Options(frameSize: 4096), paths.Select(p => (TestEntries.File("x") with { Path = p }, (byte[]?)p)));

        using var reader = TestArchive.Open(volume);

        Assert.Equal(paths, reader.Entries.Select(e => e.Metadata.Path));
        foreach (var entry in reader.Entries)
        {
            using var stream = reader.OpenData(entry);
            Assert.Equal(entry.Metadata.Path, TestArchive.ReadAll(stream));
        }
    }

    [Fact]
    public void Many_small_files_share_frames()
    {
        var volume = TestArchive.Write(TestArchive.Options(frameSize: 64 * 1024), Enumerable.Range(0, 2000).Select(i => (TestEntries.File($"small/{i}"), (byte[]?)TestEntries.Data(100, i))));

        using var reader = TestArchive.Open(volume);

        Assert.Equal(2000, reader.Entries.Count);
        Assert.True(reader.Trailer.DataFrameCount < 10, $"{reader.Trailer.DataFrameCount} data frames for 2000 small files");
        Assert.Equal(TestEntries.Data(100, 1234), TestArchive.ReadAll(reader.OpenData(reader.Entries[1234])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Output_is_identical_for_any_parallelism(int parallelism)
    {
        var entries = Enumerable.Range(0, 30).Select(i => (TestEntries.File($"f{i}"), (byte[]?)TestEntries.Data(10_000 + i, i))).ToArray();
        var reference = TestArchive.Write(TestArchive.FixedOptions() with { Parallelism = 1 }, entries);

        var volume = TestArchive.Write(TestArchive.FixedOptions() with { Parallelism = parallelism }, entries);

        Assert.Equal(reference, volume);
    }

    [Fact]
    public void Data_written_in_pieces_through_BeginEntry_comes_back_whole()
    {
        var data = TestEntries.Data(500_000, 9);
        using var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, TestArchive.Options(frameSize: 32 * 1024)))
        {
            using (var stream = writer.BeginEntry(TestEntries.File("pieces", size: 1)))
            {
                var position = 0;
                var random = new Random(1);
                while (position < data.Length)
                {
                    var count = Math.Min(random.Next(1, 200_000), data.Length - position);
                    stream.Write(data, position, count);
                    position += count;
                }
            }

            writer.Finish();
        }

        using var reader = TestArchive.Open(output.ToArray());
        Assert.Equal(data.Length, reader.Entries[0].Metadata.Size); // the declared size is replaced by the actual one
        Assert.Equal(data, TestArchive.ReadAll(reader.OpenData(reader.Entries[0])));
    }
}
