using Cairn.Contracts.Recipients;

namespace Cairn.Format;

/// <summary>
/// The header at the start of every volume: identity (set id, volume number), algorithms, frame size
/// and the archive key wrapped for each recipient. Its layout is in <c>Header/ArchiveHeaderLayout.cs</c>.
/// </summary>
public sealed class ArchiveHeader
{
    internal ArchiveHeader(
        ushort version,
        ulong mandatoryFeatures,
        ulong optionalFeatures,
        byte[] setId,
        uint volumeNumber,
        int frameSize,
        byte[] keySalt,
        string compressorId,
        string? cipherId,
        IReadOnlyList<RecipientStanza> stanzas,
        byte[] encoded)
    {
        Version = version;
        MandatoryFeatures = mandatoryFeatures;
        OptionalFeatures = optionalFeatures;
        SetId = setId;
        VolumeNumber = volumeNumber;
        FrameSize = frameSize;
        KeySalt = keySalt;
        CompressorId = compressorId;
        CipherId = cipherId;
        Stanzas = stanzas;
        Encoded = encoded;
        Digest = System.Security.Cryptography.SHA256.HashData(encoded);
    }

    /// <summary>The format version (1).</summary>
    public ushort Version { get; }

    /// <summary>Mandatory feature bits; a decoder rejects any it does not know. Zero in version 1.</summary>
    public ulong MandatoryFeatures { get; }

    /// <summary>Optional feature bits; a decoder ignores the ones it does not know.</summary>
    public ulong OptionalFeatures { get; }

    /// <summary>The 16-byte id shared by every volume of one set.</summary>
    public byte[] SetId { get; }

    /// <summary>This volume's number in its set (the first volume is 1 unless the writer chose otherwise).</summary>
    public uint VolumeNumber { get; }

    /// <summary>The most plaintext bytes one frame holds.</summary>
    public int FrameSize { get; }

    /// <summary>The random salt of the key schedule (HKDF), 32 bytes.</summary>
    public byte[] KeySalt { get; }

    /// <summary>The compressor plugin id, for example <c>zstd</c>.</summary>
    public string CompressorId { get; }

    /// <summary>The cipher plugin id, or <see langword="null"/> when the volume is not encrypted.</summary>
    public string? CipherId { get; }

    /// <summary>True when frames are encrypted.</summary>
    public bool IsEncrypted => CipherId is not null;

    /// <summary>The archive key wrapped for each recipient (empty when not encrypted).</summary>
    public IReadOnlyList<RecipientStanza> Stanzas { get; }

    /// <summary>The header's encoded bytes, tag included.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The header's length in bytes.</summary>
    public int Length => Encoded.Length;

    /// <summary>SHA-256 of <see cref="Encoded"/>: bound into every frame, repeated in the trailer.</summary>
    public byte[] Digest { get; }
}
