using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Format;
using Cairn.Plugins.AesGcm;
using Cairn.Plugins.Brotli;
using Cairn.Plugins.Gzip;
using Cairn.Plugins.NoCompression;
using Cairn.Plugins.Passphrase;
using Cairn.Plugins.Zstd;

namespace Cairn.Format.Tests.Support;

/// <summary>The real plugins the format ships with, and cheap passphrase recipients for tests.</summary>
internal static class TestAlgorithms
{
    // ZstdSharp, not the system's libzstd: the golden vectors hold ZstdSharp's bytes, and the writer must
    // reproduce them on any machine. (VectorTests also reads them through libzstd.)
    public static readonly ICompressorProvider[] Compressors = [new ZstdCompressorProvider(ZstdImplementation.Managed), new GzipCompressorProvider(), new BrotliCompressorProvider(), new NoCompressionProvider()];

    public static readonly ICipherProvider Aes = new AesGcmCipherProvider();

    public static readonly ArchiveAlgorithms All = new(Compressors, [Aes]);

    /// <summary>The same algorithms with zstd through the system's libzstd (required: test.sh installs libzstd1).</summary>
    public static ArchiveAlgorithms WithSystemZstd => new([new ZstdCompressorProvider(ZstdImplementation.System), .. Compressors.Skip(1)], [Aes]);

    public static ICompressorProvider Compressor(string id) => Compressors.Single(c => c.Id == id);

    public static IEnumerable<object[]> CompressorIds() => Compressors.Select(c => new object[] { c.Id });

    /// <summary>Argon2id at 1 MiB and one pass: the real recipient, cheap enough for hundreds of archives.</summary>
    public static readonly Dictionary<string, string> CheapArgon2 = new() { ["argon2-memory-kib"] = "1024", ["argon2-iterations"] = "1" };

    public static IRecipient PassphraseRecipient(string passphrase) =>
        new PassphraseRecipientProvider().CreateRecipient(new RecipientSettings(CheapArgon2, Secret.FromText(passphrase, "test")));

    public static IIdentity PassphraseIdentity(string passphrase) =>
        new PassphraseRecipientProvider().CreateIdentity(new RecipientSettings(new Dictionary<string, string>(), Secret.FromText(passphrase, "test")));
}
