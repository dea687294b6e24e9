using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Format;
using Cairn.Plugins.AesGcm;
using Cairn.Plugins.Local;
using Cairn.Plugins.Passphrase;
using Cairn.Plugins.Zstd;
using Cairn.Testing;

namespace Cairn.Engine.Tests.Support;

/// <summary>
/// A target on the embedded default (local folder, zstd, AES-256-GCM, passphrase with cheap Argon2
/// parameters), a source folder, a cache folder, and a byte-counting wrapper around the backend.
/// </summary>
public sealed class TestTarget : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    private static readonly Dictionary<string, string> CheapArgon2 = new() { ["argon2-memory-kib"] = "1024", ["argon2-iterations"] = "1" };

    public TestTarget(string purpose = "cairn-engine")
    {
        Temp = new TempDirectory(purpose);
        StoreDirectory = Path.Combine(Temp.Path, "store");
        SourceDirectory = Path.Combine(Temp.Path, "source");
        CacheDirectory = Path.Combine(Temp.Path, "cache");
        Directory.CreateDirectory(StoreDirectory);
        Directory.CreateDirectory(SourceDirectory);
        Backend = new CountingBackend(new LocalBackend(StoreDirectory));
    }

    public TempDirectory Temp { get; }

    public string StoreDirectory { get; }

    public string SourceDirectory { get; }

    public string CacheDirectory { get; }

    public CountingBackend Backend { get; }

    public static IArchiveAlgorithms Algorithms { get; } = new ArchiveAlgorithms([new ZstdCompressorProvider()], [new AesGcmCipherProvider()]);

    public EngineContext Context(long volumeSize = 4 << 20, string? cacheDirectory = null, string passphrase = Passphrase)
    {
        var provider = new PassphraseRecipientProvider();
        var settings = new RecipientSettings(CheapArgon2, Secret.FromText(passphrase, "test"));
        return new EngineContext
        {
            Backend = Backend,
            Compressor = new ZstdCompressorProvider(),
            Encryption = new ArchiveEncryption(new AesGcmCipherProvider(), [provider.CreateRecipient(settings)]),
            Algorithms = Algorithms,
            Identities = () => [provider.CreateIdentity(settings)],
            CacheDirectory = cacheDirectory ?? CacheDirectory,
            TargetFolder = StoreDirectory,
            VolumeSize = volumeSize,
        };
    }

    public string NewDirectory(string name)
    {
        var path = Path.Combine(Temp.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Temp.Dispose();
}
