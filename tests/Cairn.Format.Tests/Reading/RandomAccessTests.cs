using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Reading;

public sealed class RandomAccessTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cairn-format-{Guid.NewGuid():N}.cairn");

    [Fact]
    public void Reading_one_small_entry_of_a_200_MB_archive_reads_under_2_MiB()
    {
        var big = new byte[1 << 20];
        using (var output = File.Create(_path))
        using (var writer = new ArchiveWriter(output, TestArchive.FixedOptions(compressor: "none", frameSize: 1 << 20) with { Parallelism = 2 }))
        {
            var random = new Random(5);
            for (var i = 0; i < 200; i++)
            {
                random.NextBytes(big);
                writer.AddEntry(TestEntries.File($"big/{i:D3}"), new MemoryStream(big));
                if (i == 100)
                {
                    writer.AddEntry(TestEntries.File("needle"), new MemoryStream(TestEntries.Data(5000, 7)));
                }
            }

            writer.Finish();
        }

        using var file = File.OpenRead(_path);
        Assert.True(file.Length > 200_000_000);
        using var counting = new CountingStream(file);
        using var reader = ArchiveReader.Open(counting, TestAlgorithms.All, [new FixedKeyRecipient()]);
        var needle = reader.Entries.Single(e => e.Metadata.Path.AsSpan().SequenceEqual("needle"u8));
        var data = TestArchive.ReadAll(reader.OpenData(needle));

        Assert.Equal(TestEntries.Data(5000, 7), data);
        Assert.True(counting.BytesRead < 2 << 20, $"{counting.BytesRead} bytes read");
        Assert.True(counting.Reads < 10, $"{counting.Reads} reads");
    }

    [Fact]
    public void OpenData_takes_only_entries_of_its_own_index()
    {
        static MemoryStream Archive()
        {
            var volume = new MemoryStream();
            using (var writer = new ArchiveWriter(volume, TestArchive.FixedOptions()))
            {
                for (var i = 0; i < 50; i++)
                {
                    writer.AddEntry(TestEntries.File($"f{i:D2}"), new MemoryStream(TestEntries.Data(100 + i, i)));
                }

                writer.Finish();
            }

            volume.Position = 0;
            return volume;
        }

        using var reader = ArchiveReader.Open(Archive(), TestAlgorithms.All, [new FixedKeyRecipient()]);
        using var other = ArchiveReader.Open(Archive(), TestAlgorithms.All, [new FixedKeyRecipient()]);
        foreach (var (entry, i) in reader.Entries.Select((e, i) => (e, i)))
        {
            Assert.Equal(TestEntries.Data(100 + i, i), TestArchive.ReadAll(reader.OpenData(entry)));
        }

        var lookAlike = other.Entries[17]; // same id, same bytes, another reader's object
        Assert.Equal(reader.Entries[17].EntryId, lookAlike.EntryId);
        Assert.Throws<ArgumentException>(() => reader.OpenData(lookAlike));
    }

    [Fact]
    public void The_index_read_by_position_is_the_index_read_whole_and_opens_the_same_data()
    {
        // A restore looks entries up by position (EntryPath, EntryAt, OpenDataAt) and keeps the index encoded; what it
        // finds must be what Entries gives, field for field, across several index frames and growths of the arrays.
        var volume = new MemoryStream();
        using (var writer = new ArchiveWriter(volume, TestArchive.FixedOptions(frameSize: 4096)))
        {
            for (var i = 0; i < 3000; i++)
            {
                writer.AddEntry(TestEntries.File($"dir{i / 100:D2}/file-{i:D4}" + new string('x', i % 37)), new MemoryStream(TestEntries.Data(i % 700, i)));
            }

            writer.Finish();
        }

        volume.Position = 0;
        using var reader = ArchiveReader.Open(volume, TestAlgorithms.All, [new FixedKeyRecipient()]);
        Assert.Equal(3000, reader.EntryCount);
        Assert.Equal(reader.Entries.Count, reader.EntryCount);
        for (var i = 0; i < reader.EntryCount; i += 7)
        {
            var whole = reader.Entries[i];
            var decoded = reader.EntryAt(i);
            Assert.Equal(whole.Metadata.Path, reader.EntryPath(i).ToArray());
            Assert.Equal(
                (whole.EntryId, whole.FrameSequence, whole.FrameOffset, whole.OffsetInFrame, whole.EndOffset, whole.DataOffset, whole.DataLength, whole.ContinuesInNextVolume),
                (decoded.EntryId, decoded.FrameSequence, decoded.FrameOffset, decoded.OffsetInFrame, decoded.EndOffset, decoded.DataOffset, decoded.DataLength, decoded.ContinuesInNextVolume));
            Assert.Equal(whole.DataHash, decoded.DataHash);
            TestEntries.AssertSame(whole.Metadata, decoded.Metadata);
            Assert.Equal(TestEntries.Data(i % 700, i), TestArchive.ReadAll(reader.OpenDataAt(i)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.EntryPath(3000));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.EntryAt(-1));
    }

    public void Dispose() => File.Delete(_path);

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            Reads++;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
