using Cairn.Contracts.Compression;

namespace Cairn.Format;

/// <summary>How an <see cref="ArchiveWriter"/> (or a <c>VolumeSetWriter</c>) writes volumes.</summary>
public sealed record ArchiveWriterOptions
{
    /// <summary>The default plaintext bytes per frame: 1 MiB.</summary>
    public const int DefaultFrameSize = 1 << 20;

    /// <summary>The frame compressor.</summary>
    public required ICompressorProvider Compressor { get; init; }

    /// <summary>The compression level, or <see langword="null"/> for the compressor's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Encryption, or <see langword="null"/> for an unencrypted volume whose frames carry checksums.</summary>
    public ArchiveEncryption? Encryption { get; init; }

    /// <summary>Plaintext bytes per frame, 1 KiB to 64 MiB.</summary>
    public int FrameSize { get; init; } = DefaultFrameSize;

    /// <summary>
    /// A folder for the index records waiting for the end of a volume (a temporary file, deleted on
    /// close), or <see langword="null"/> to keep them in memory, compactly encoded. Name one when a volume
    /// may hold millions of entries.
    /// </summary>
    public string? IndexSpoolDirectory { get; init; }

    /// <summary>Threads that compress and seal frames; 1 does it on the caller's thread.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The 16-byte set id, or <see langword="null"/> for a random one.</summary>
    public byte[]? SetId { get; init; }

    /// <summary>The (first) volume's number.</summary>
    public uint VolumeNumber { get; init; } = 1;

    /// <summary>
    /// A fixed archive key, for test vectors and reproducible output only: <see langword="null"/> (the
    /// default) makes a fresh random key per volume, which is what keeps frame nonces unique.
    /// </summary>
    public byte[]? ArchiveKey { get; init; }

    /// <summary>A fixed 32-byte key salt, for test vectors only; <see langword="null"/> for a random one.</summary>
    public byte[]? KeySalt { get; init; }

    /// <summary>Optional feature bits to announce (test vectors prove that readers ignore unknown ones).</summary>
    internal ulong OptionalFeatures { get; init; }
}
