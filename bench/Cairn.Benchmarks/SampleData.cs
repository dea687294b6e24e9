using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Format;
using Cairn.Plugins.AesGcm;
using Cairn.Plugins.Passphrase;
using Cairn.Plugins.Zstd;

namespace Cairn.Benchmarks;

/// <summary>Realistic inputs and the shipped algorithms, shared by the benchmarks.</summary>
internal static class SampleData
{
    public const string Passphrase = "bench-passphrase-not-secret";

    public static readonly ZstdCompressorProvider Zstd = new();

    public static readonly AesGcmCipherProvider Aes = new();

    public static readonly ArchiveAlgorithms Algorithms = new([Zstd], [Aes]);

    // Argon2id at its cheapest: the benchmarks measure the data path, not the key derivation.
    private static readonly Dictionary<string, string> CheapArgon2 = new() { ["argon2-memory-kib"] = "1024", ["argon2-iterations"] = "1" };

    public static IRecipient Recipient() =>
        new PassphraseRecipientProvider().CreateRecipient(new RecipientSettings(CheapArgon2, Secret.FromText(Passphrase, "bench")));

    public static IIdentity Identity() =>
        new PassphraseRecipientProvider().CreateIdentity(new RecipientSettings(new Dictionary<string, string>(), Secret.FromText(Passphrase, "bench")));

    public static ArchiveWriterOptions EncryptedZstd3() => new()
    {
        Compressor = Zstd,
        CompressionLevel = 3,
        Encryption = new ArchiveEncryption(Aes, [Recipient()]),
    };

    /// <summary>Shared libraries concatenated: compressible like real binaries, not like zeros or noise.</summary>
    public static byte[] Binaries(int length)
    {
        var data = new byte[length];
        var filled = 0;
        foreach (var path in Directory.EnumerateFiles("/usr/lib/x86_64-linux-gnu", "*.so*").Order(StringComparer.Ordinal))
        {
            if (filled == length)
            {
                break;
            }

            if (new FileInfo(path).LinkTarget is not null)
            {
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            var take = Math.Min(bytes.Length, length - filled);
            bytes.AsSpan(0, take).CopyTo(data.AsSpan(filled));
            filled += take;
        }

        new Random(7).NextBytes(data.AsSpan(filled)); // only if the machine has too few libraries
        return data;
    }
}
