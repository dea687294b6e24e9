using Cairn.Contracts.Recipients;
using Cairn.Format.Entries;

namespace Cairn.Format.Tests.Support;

/// <summary>Writes archives to memory and opens them again.</summary>
internal static class TestArchive
{
    public const string Passphrase = "correct horse battery staple";

    public static ArchiveWriterOptions Options(string compressor = "zstd", bool encrypted = true, int frameSize = 64 * 1024, int parallelism = 2) => new()
    {
        Compressor = TestAlgorithms.Compressor(compressor),
        Encryption = encrypted ? new ArchiveEncryption(TestAlgorithms.Aes, [TestAlgorithms.PassphraseRecipient(Passphrase)]) : null,
        FrameSize = frameSize,
        Parallelism = parallelism,
    };

    /// <summary>Reproducible options: fixed set id, key, salt and a cleartext-key stanza.</summary>
    public static ArchiveWriterOptions FixedOptions(string compressor = "zstd", bool encrypted = true, int frameSize = 4096) => new()
    {
        Compressor = TestAlgorithms.Compressor(compressor),
        Encryption = encrypted ? new ArchiveEncryption(TestAlgorithms.Aes, [new FixedKeyRecipient()]) : null,
        FrameSize = frameSize,
        Parallelism = 1,
        SetId = [.. Enumerable.Range(1, 16).Select(i => (byte)i)],
        ArchiveKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)],
        KeySalt = [.. Enumerable.Range(200, 32).Select(i => (byte)i)],
    };

    public static byte[] Write(ArchiveWriterOptions options, IEnumerable<(EntryMetadata Metadata, byte[]? Data)> entries, bool lastVolume = true)
    {
        using var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, options))
        {
            foreach (var (metadata, data) in entries)
            {
                writer.AddEntry(metadata, data is null ? null : new MemoryStream(data));
            }

            writer.Finish(lastVolume);
        }

        return output.ToArray();
    }

    public static IReadOnlyList<IIdentity> Identities(bool encrypted) => encrypted ? [TestAlgorithms.PassphraseIdentity(Passphrase), new FixedKeyRecipient()] : [];

    public static ArchiveReader Open(byte[] volume, bool encrypted = true) =>
        ArchiveReader.Open(new MemoryStream(volume, writable: false), TestAlgorithms.All, Identities(encrypted));

    public static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
