using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Writing;

/// <summary>
/// Entry hashes are kept from one entry to the next on a thread: a hash left half-fed by an abandoned entry must not
/// be the next entry's.
/// </summary>
public sealed class EntryHashTests
{
    [Fact]
    public void An_entry_abandoned_mid_data_leaves_the_next_entrys_hash_right()
    {
        using (var abandoned = new ArchiveWriter(new MemoryStream(), TestArchive.Options(encrypted: false)))
        {
            var data = abandoned.BeginEntry(TestEntries.File("left"));
            data.Write(TestEntries.Data(5000, 1)); // never ended: the writer is disposed with the entry open
        }

        var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, TestArchive.Options(encrypted: false)))
        {
            for (var i = 0; i < 3; i++)
            {
                writer.AddEntry(TestEntries.File($"file-{i}"), new MemoryStream(TestEntries.Data(3000 + i, i)));
            }

            writer.Finish();
        }

        output.Position = 0;
        using var reader = ArchiveReader.Open(output, TestAlgorithms.All, []);
        foreach (var (entry, i) in reader.Entries.Select((e, i) => (e, i)))
        {
            var expected = TestEntries.Data(3000 + i, i);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(expected), entry.Metadata.ContentHash);
            Assert.Equal(expected, TestArchive.ReadAll(reader.OpenData(entry))); // the reader checks the end record's hash too
        }
    }
}
