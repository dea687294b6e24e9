using Cairn.Contracts.Ciphers;
using Cairn.Format.Entries;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.MultiVolume;

public sealed class VolumeSetTests
{
    private static readonly (EntryMetadata, byte[]?)[] Entries =
    [
        (TestEntries.File("a"), TestEntries.Data(5000, 1)),
        (TestEntries.File("big"), TestEntries.RandomData(700_000, 2)), // crosses several volumes
        (TestEntries.Directory("d"), null),
        (TestEntries.File("d/b"), TestEntries.Data(90_000, 3)),
        (TestEntries.File("d/empty"), []),
        (TestEntries.File("tail"), TestEntries.RandomData(300_000, 4)),
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Entries_cross_volumes_and_come_back_whole_through_the_indexes(bool encrypted)
    {
        var volumes = VolumeSet.Write(TestArchive.Options(encrypted: encrypted, frameSize: 16 * 1024) with { Encryption = encrypted ? new ArchiveEncryption(TestAlgorithms.Aes, [new FixedKeyRecipient()]) : null }, 128 * 1024, Entries);

        Assert.True(volumes.Count >= 7, $"{volumes.Count} volumes");
        Assert.All(volumes, v => Assert.InRange(v.Length, 1, (128 * 1024) + (40 * 1024)));
        using var set = VolumeSet.Open(volumes, encrypted);
        Assert.Equal(Entries.Length, set.Entries.Count);
        Assert.True(set.Entries[1].Parts.Count > 3);
        for (var i = 0; i < Entries.Length; i++)
        {
            Assert.Equal(Entries[i].Item1.Path, set.Entries[i].Metadata.Path);
            Assert.Equal(Entries[i].Item2 ?? [], TestArchive.ReadAll(set.OpenData(set.Entries[i])));
        }

        var keys = set.Volumes.Select(v => Convert.ToHexString(v.Header.Stanzas.FirstOrDefault()?.Body ?? [])).ToList();
        if (encrypted)
        {
            Assert.Equal(keys.Count, keys.Distinct().Count()); // a fresh archive key per volume
        }
    }

    [Fact]
    public void A_finished_volume_that_cannot_be_handed_on_fails_the_write_with_its_own_error()
    {
        // As when an upload fails while a long file rolls the set over to its next volume.
        using var writer = new VolumeSetWriter(_ => new MemoryStream(), (_, _) => throw new IOException("the store went away"), TestArchive.Options(frameSize: 16 * 1024), 64 * 1024);
        var ex = Assert.Throws<IOException>(() =>
        {
            using var entry = writer.BeginEntry(TestEntries.File("long"));
            entry.Write(TestEntries.RandomData(512 * 1024, 3));
        });
        Assert.Equal("the store went away", ex.Message);
    }

    [Fact]
    public void Entries_cross_volumes_when_read_front_to_back()
    {
        var volumes = VolumeSet.Write(TestArchive.Options(frameSize: 16 * 1024), 128 * 1024, Entries);

        var read = SequentialArchiveReader.Read(volumes.Select(v => (Stream)new MemoryStream(v)), TestAlgorithms.All, TestArchive.Identities(true))
            .Select(e => (e.Metadata.Path, TestArchive.ReadAll(e.Data)))
            .ToList();

        Assert.Equal(Entries.Select(e => e.Item1.Path), read.Select(r => r.Path));
        Assert.Equal(Entries.Select(e => e.Item2 ?? []), read.Select(r => r.Item2));
    }

    [Fact]
    public void Each_volume_opens_on_its_own_and_says_which_parts_it_holds()
    {
        var volumes = VolumeSet.Write(TestArchive.Options(frameSize: 16 * 1024), 128 * 1024, Entries);

        using var second = TestArchive.Open(volumes[1]);

        Assert.Equal(2u, second.Header.VolumeNumber);
        Assert.False(second.Trailer.IsLastVolume);
        var part = Assert.Single(second.Entries);
        Assert.True(part.ContinuesFromPreviousVolume);
        Assert.True(part.ContinuesInNextVolume);
        Assert.Equal(part.DataLength, TestArchive.ReadAll(second.OpenData(part)).Length);
    }

    [Fact]
    public void A_volume_takes_at_most_65536_entries_however_small_they_are()
    {
        var empties = Enumerable.Range(0, VolumeSetWriter.MaxEntriesPerVolume + 10)
            .Select(i => (TestEntries.File($"f{i:D6}"), (byte[]?)[]));

        var volumes = VolumeSet.Write(TestArchive.Options(encrypted: false), 64L << 20, empties);

        Assert.Equal(2, volumes.Count);
        using var first = TestArchive.Open(volumes[0], encrypted: false);
        using var second = TestArchive.Open(volumes[1], encrypted: false);
        Assert.Equal((VolumeSetWriter.MaxEntriesPerVolume, 10), (first.EntryCount, second.EntryCount));
        Assert.True(second.Trailer.IsLastVolume);
    }

    [Fact]
    public void A_volume_from_another_set_is_rejected()
    {
        var ours = VolumeSet.Write(TestArchive.Options(frameSize: 16 * 1024), 128 * 1024, Entries);
        var theirs = VolumeSet.Write(TestArchive.Options(frameSize: 16 * 1024), 128 * 1024, Entries);
        var mixed = ours.ToList();
        mixed[2] = theirs[2];

        var random = Assert.Throws<ArchiveFormatException>(() => VolumeSet.Open(mixed));
        Assert.Contains("set", random.Message);
        var sequential = Assert.Throws<ArchiveFormatException>(() => SequentialArchiveReader.Read(mixed.Select(v => (Stream)new MemoryStream(v)), TestAlgorithms.All, TestArchive.Identities(true)).ToList());
        Assert.Contains("set", sequential.Message);
    }

    [Fact]
    public void Missing_or_misordered_volumes_are_rejected()
    {
        var volumes = VolumeSet.Write(TestArchive.Options(frameSize: 16 * 1024), 128 * 1024, Entries);

        var swapped = volumes.ToList();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        Assert.Throws<ArchiveFormatException>(() => VolumeSet.Open(swapped));
        Assert.Throws<ArchiveFormatException>(() => SequentialArchiveReader.Read(swapped.Select(v => (Stream)new MemoryStream(v)), TestAlgorithms.All, TestArchive.Identities(true)).ToList());
        var incomplete = volumes.Take(volumes.Count - 1);
        Assert.Throws<ArchiveFormatException>(() => SequentialArchiveReader.Read(incomplete.Select(v => (Stream)new MemoryStream(v)), TestAlgorithms.All, TestArchive.Identities(true)).ToList());
    }

    [Fact]
    public void A_wrong_passphrase_fails_authentication()
    {
        var volume = TestArchive.Write(TestArchive.Options(), [(TestEntries.File("f"), [1, 2, 3])]);

        // No key that opens it, rather than tampering: the target's listing skips such a set as sealed.
        var error = Assert.Throws<NoMatchingKeyException>(() => ArchiveReader.Open(new MemoryStream(volume), TestAlgorithms.All, [TestAlgorithms.PassphraseIdentity("wrong")]));
        Assert.Contains("passphrase", error.Message);
        Assert.Throws<NoMatchingKeyException>(() => ArchiveReader.Open(new MemoryStream(volume), TestAlgorithms.All, []));
        Assert.Throws<NoMatchingKeyException>(() => SequentialArchiveReader.Read(new MemoryStream(volume), TestAlgorithms.All, [TestAlgorithms.PassphraseIdentity("wrong")]).ToList());
    }
}
