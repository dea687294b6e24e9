using Cairn.Contracts.Backends;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Recipients;
using Cairn.Format;

namespace Cairn.Engine;

/// <summary>
/// The resolved objects every engine operation works with: an opened target, how to write archives
/// (compressor, encryption), how to read them (algorithms, identities), the local cache folder and the
/// volume size. The engine never reads profiles; the host resolves them into this.
/// </summary>
public sealed record EngineContext
{
    /// <summary>The default size at which data volumes roll: 64 MiB (the profiles' default too).</summary>
    public const long DefaultVolumeSize = 64L << 20;

    /// <summary>The target store (normally wrapped for retries by the host).</summary>
    public required IBackend Backend { get; init; }

    /// <summary>The compressor for new archives.</summary>
    public required ICompressorProvider Compressor { get; init; }

    /// <summary>The compression level, or null for the compressor's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The cipher and recipients for new archives; null writes unencrypted (checksummed) archives.</summary>
    public ArchiveEncryption? Encryption { get; init; }

    /// <summary>Resolves the compressor and cipher ids found in archive headers.</summary>
    public required IArchiveAlgorithms Algorithms { get; init; }

    /// <summary>
    /// Returns the identities that open the target's archives. Called only when something must be
    /// decrypted (a cache miss, a restore), so a backup with a warm cache never asks for a passphrase.
    /// </summary>
    public required Func<IReadOnlyList<IIdentity>> Identities { get; init; }

    /// <summary>The local cache folder of this target (manifests, catalogues, signatures, staging).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>
    /// The folder on this machine that holds the target's objects, when the backend keeps them in one
    /// (<see cref="ILocalFolderBackend"/>), or <see langword="null"/>. A backup leaves it out of its source, as it
    /// leaves out <see cref="CacheDirectory"/>.
    /// </summary>
    public string? TargetFolder { get; init; }

    /// <summary>The size at which data volumes roll.</summary>
    public long VolumeSize { get; init; } = DefaultVolumeSize;

    /// <summary>Threads for compressing and sealing frames.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Receives warnings (unreadable files, stale cache entries); never secrets.</summary>
    public Action<string> Warn { get; init; } = _ => { };

    /// <summary>The writer options for archives that go to the target.</summary>
    internal ArchiveWriterOptions TargetArchiveOptions(byte[]? setId = null, uint volumeNumber = 1) => new()
    {
        Compressor = Compressor,
        CompressionLevel = CompressionLevel,
        Encryption = Encryption,
        Parallelism = Parallelism,
        SetId = setId,
        VolumeNumber = volumeNumber,
    };

    /// <summary>
    /// The writer options for the plaintext archives kept in the local cache (signatures): written on the
    /// caller's thread. They are about 1% of the data, and a second set of frame workers beside the data
    /// volume's would add threads and ~15 MB of buffers for nothing.
    /// </summary>
    internal ArchiveWriterOptions CacheArchiveOptions() => new()
    {
        Compressor = Compressor,
        CompressionLevel = CompressionLevel,
        Encryption = null,
        Parallelism = 1,
    };

    private IReadOnlyList<IIdentity>? _identities;

    /// <summary>The identities, asked for once.</summary>
    internal IReadOnlyList<IIdentity> GetIdentities() => _identities ??= Identities();
}
