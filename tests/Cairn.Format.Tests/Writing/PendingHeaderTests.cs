using Cairn.Contracts.Recipients;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Writing;

/// <summary>
/// The writer wraps the archive key on a worker thread while the first frames are compressed: the
/// output must still start with the header, and a recipient's failure must reach the caller as itself.
/// </summary>
public sealed class PendingHeaderTests
{
    [Fact]
    public void A_slow_recipient_still_gets_its_header_first_and_the_volume_reads_back()
    {
        var gate = new ManualResetEventSlim(false);
        var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, TestArchive.Options(frameSize: 16 * 1024) with
        {
            Encryption = new ArchiveEncryption(TestAlgorithms.Aes, [new SlowRecipient(gate)]),
        }))
        {
            using (var entry = writer.BeginEntry(TestEntries.File("data")))
            {
                entry.Write(TestEntries.Data(48 * 1024, 1)); // several frames submitted while the key is not wrapped yet
            }

            Assert.Equal(0, output.Length); // nothing written before the header
            gate.Set();
            writer.Finish();
        }

        output.Position = 0;
        using var reader = ArchiveReader.Open(output, TestAlgorithms.All, [new FixedKeyRecipient()]);
        Assert.Equal(TestEntries.Data(48 * 1024, 1), TestArchive.ReadAll(reader.OpenData(reader.Entries.Single())));
    }

    [Fact]
    public void A_recipient_that_fails_to_wrap_surfaces_its_own_exception()
    {
        var output = new MemoryStream();
        using var writer = new ArchiveWriter(output, TestArchive.Options() with
        {
            Encryption = new ArchiveEncryption(TestAlgorithms.Aes, [new FailingRecipient()]),
        });
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            writer.AddEntry(TestEntries.File("data"), new MemoryStream(TestEntries.Data(1000, 2)));
            writer.Finish();
        });
        Assert.Equal("the key store is locked", ex.Message);
    }

    /// <summary>Wraps like <see cref="FixedKeyRecipient"/>, once the test opens the gate.</summary>
    private sealed class SlowRecipient(ManualResetEventSlim gate) : IRecipient
    {
        public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey)
        {
            var key = archiveKey.ToArray();
            Assert.True(gate.Wait(TimeSpan.FromSeconds(30)), "the test never opened the gate");
            return new FixedKeyRecipient().Wrap(key);
        }
    }

    private sealed class FailingRecipient : IRecipient
    {
        public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey) => throw new InvalidOperationException("the key store is locked");
    }
}
