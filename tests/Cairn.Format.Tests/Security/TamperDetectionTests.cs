using Cairn.Contracts.Ciphers;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Security;

public sealed class TamperDetectionTests
{
    private static byte[] SmallArchive(bool encrypted) => TestArchive.Write(
        TestArchive.FixedOptions(encrypted: encrypted, frameSize: 1024),
        [
            (TestEntries.Directory("d"), null),
            (TestEntries.File("d/one"), TestEntries.Data(1500, 1)),
            (TestEntries.File("d/two"), TestEntries.RandomData(300, 2)),
            (TestEntries.File("d/empty"), []),
        ]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Flipping_any_single_byte_is_detected(bool encrypted)
    {
        var volume = SmallArchive(encrypted);
        ArchiveProbe.ReadEverything(volume, encrypted); // the original is fine
        var undetected = new List<int>();
        foreach (var mask in new byte[] { 0x01, 0x80 })
        {
            for (var i = 0; i < volume.Length; i++)
            {
                var damaged = (byte[])volume.Clone();
                damaged[i] ^= mask;
                if (ArchiveProbe.Failure(damaged, encrypted) is null)
                {
                    undetected.Add(i);
                }
            }
        }

        Assert.Empty(undetected);
    }

    [Fact]
    public void Every_truncation_is_detected()
    {
        var volume = SmallArchive(encrypted: true);
        for (var length = 0; length < volume.Length; length++)
        {
            Assert.NotNull(ArchiveProbe.Failure(volume[..length], encrypted: true));
        }
    }

    [Fact]
    public void Swapped_frames_are_detected()
    {
        var volume = SmallArchive(encrypted: true);
        using var stream = new MemoryStream(volume);
        var frames = ArchiveReader.ReadLayout(stream).Frames;
        var first = frames[0];
        var second = frames[1];
        Assert.Equal(Cairn.Format.FrameKind.Data, second.Kind);
        var swapped = volume[..(int)first.Offset]
            .Concat(volume[(int)second.Offset..(int)(second.Offset + second.Length)])
            .Concat(volume[(int)first.Offset..(int)second.Offset])
            .Concat(volume[(int)(second.Offset + second.Length)..])
            .ToArray();

        Assert.NotNull(ArchiveProbe.Failure(swapped, encrypted: true));
    }

    [Fact]
    public void A_frame_from_another_archive_with_the_same_key_is_detected()
    {
        // Same key, same plaintext: only the header digest in the associated data (set id, salt) tells the frames apart.
        var ours = SmallArchive(encrypted: true);
        var theirs = TestArchive.Write(
            TestArchive.FixedOptions(frameSize: 1024) with { SetId = new byte[16] },
            [
                (TestEntries.Directory("d"), null),
                (TestEntries.File("d/one"), TestEntries.Data(1500, 1)),
                (TestEntries.File("d/two"), TestEntries.RandomData(300, 2)),
                (TestEntries.File("d/empty"), []),
            ]);
        var frameOurs = ArchiveReader.ReadLayout(new MemoryStream(ours)).Frames[1];
        var frameTheirs = ArchiveReader.ReadLayout(new MemoryStream(theirs)).Frames[1];
        Assert.Equal(frameOurs.Length, frameTheirs.Length);
        var spliced = (byte[])ours.Clone();
        theirs.AsSpan((int)frameTheirs.Offset, (int)frameTheirs.Length).CopyTo(spliced.AsSpan((int)frameOurs.Offset));

        Assert.IsType<AuthenticationFailedException>(ArchiveProbe.Failure(spliced, encrypted: true));
    }

    [Fact]
    public void An_unencrypted_archive_is_refused_where_keys_are_given()
    {
        // Anyone who can write to the storage can make one: taking it would let them replace the owner's files.
        var volume = SmallArchive(encrypted: false);
        ArchiveProbe.ReadEverything(volume, encrypted: false);
        IReadOnlyList<Cairn.Contracts.Recipients.IIdentity> keys = [new FixedKeyRecipient()];

        var random = Assert.ThrowsAny<AuthenticationFailedException>(() => ArchiveReader.Open(new MemoryStream(volume), TestAlgorithms.All, keys));
        var sequential = Assert.ThrowsAny<AuthenticationFailedException>(() => SequentialArchiveReader.Read(new MemoryStream(volume), TestAlgorithms.All, keys).ToList());

        Assert.All([random, sequential], ex => Assert.IsNotType<NoMatchingKeyException>(ex));
        Assert.Contains("not encrypted", random.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_header_fails_authentication_not_parsing()
    {
        var volume = SmallArchive(encrypted: true);
        var damaged = (byte[])volume.Clone();
        damaged[56] ^= 1; // the key salt: parses fine, authenticates not

        Assert.IsType<AuthenticationFailedException>(ArchiveProbe.Failure(damaged, encrypted: true));
    }
}
