using Cairn.Contracts.Ciphers;
using Cairn.Format.Frames;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Reading;

/// <summary>
/// Entries longer than a few frames are decoded on a second thread ahead of the caller: the bytes, the
/// order of errors and the reuse of the reader afterwards must be exactly those of a plain read.
/// </summary>
public sealed class ReadAheadTests
{
    private const int FrameSize = 4096;
    private static readonly byte[] Small = TestEntries.Data(300, 1);
    private static readonly byte[] Long = TestEntries.RandomData(100 * 1024 + 17, 2);
    private static readonly byte[] Medium = TestEntries.Data(50 * 1024, 3);

    private static byte[] Archive() => TestArchive.Write(TestArchive.Options(frameSize: FrameSize), [
        (TestEntries.File("a"), Small),
        (TestEntries.File("b"), Long),
        (TestEntries.File("c"), Small),
        (TestEntries.File("d"), Medium),
    ]);

    [Fact]
    public void Long_entries_read_back_identically_in_any_order()
    {
        var volume = Archive();
        using var reader = TestArchive.Open(volume);
        var expected = new[] { Small, Long, Small, Medium };
        foreach (var order in new[] { new[] { 0, 1, 2, 3 }, [3, 1, 0, 2], [1, 1, 3, 3] })
        {
            foreach (var i in order)
            {
                Assert.Equal(expected[i], TestArchive.ReadAll(reader.OpenData(reader.Entries[i])));
            }
        }
    }

    [Fact]
    public void A_damaged_frame_in_the_middle_of_a_long_entry_fails_the_read_and_leaves_the_reader_usable()
    {
        var volume = Archive();
        var frames = ArchiveReader.ReadLayout(new MemoryStream(volume)).Frames.Where(f => f.Kind == FrameKind.Data).ToList();
        var middle = frames[frames.Count / 2];
        volume[middle.Offset + FrameHeader.Length + 5] ^= 0x40;
        using var reader = TestArchive.Open(volume);

        Assert.Throws<AuthenticationFailedException>(() => TestArchive.ReadAll(reader.OpenData(reader.Entries[1])));
        Assert.Equal(Small, TestArchive.ReadAll(reader.OpenData(reader.Entries[0])));
    }

    [Fact]
    public void Stopping_early_stops_the_read_ahead_and_the_next_entry_reads_whole()
    {
        var volume = Archive();
        using var reader = TestArchive.Open(volume);
        for (var i = 0; i < 20; i++)
        {
            using (var partial = reader.OpenData(reader.Entries[1]))
            {
                var head = new byte[10 + i];
                partial.ReadExactly(head);
                Assert.Equal(Long.AsSpan(0, head.Length).ToArray(), head);
            }

            Assert.Equal(Medium, TestArchive.ReadAll(reader.OpenData(reader.Entries[3])));
        }
    }
}
