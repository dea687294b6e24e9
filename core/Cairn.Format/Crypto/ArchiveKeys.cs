using System.Security.Cryptography;
using System.Text;
using Cairn.Format.Primitives;

namespace Cairn.Format.Crypto;

/// <summary>
/// The key schedule (format-spec/SPEC.md, "Key schedule"). From the random archive key K (wrapped
/// for each recipient in the header) and the header's 32-byte key salt S:
/// <code>
/// info(label)  = label || set id (16) || volume number (u32 LE)
/// frame key    = HKDF-SHA256(ikm = K, salt = S, info("cairn/v1/frame-key"),   cipher key size)
/// header MAC   = HKDF-SHA256(ikm = K, salt = S, info("cairn/v1/header-mac"),  32)
/// trailer MAC  = HKDF-SHA256(ikm = K, salt = S, info("cairn/v1/trailer-mac"), 32)
/// </code>
/// Unencrypted volumes have no keys: their tags are plain SHA-256 checksums.
/// </summary>
internal sealed class ArchiveKeys : IDisposable
{
    private ArchiveKeys(byte[]? frameKey, byte[]? headerMacKey, byte[]? trailerMacKey)
    {
        FrameKey = frameKey;
        HeaderMacKey = headerMacKey;
        TrailerMacKey = trailerMacKey;
    }

    /// <summary>The keys of an unencrypted volume: none, tags are SHA-256.</summary>
    public static ArchiveKeys Unencrypted => new(null, null, null);

    public byte[]? FrameKey { get; }

    public byte[]? HeaderMacKey { get; }

    public byte[]? TrailerMacKey { get; }

    public static ArchiveKeys Derive(ReadOnlySpan<byte> archiveKey, ReadOnlySpan<byte> keySalt, ReadOnlySpan<byte> setId, uint volumeNumber, int frameKeySize) => new(
        Expand(archiveKey, keySalt, "cairn/v1/frame-key", setId, volumeNumber, frameKeySize),
        Expand(archiveKey, keySalt, "cairn/v1/header-mac", setId, volumeNumber, 32),
        Expand(archiveKey, keySalt, "cairn/v1/trailer-mac", setId, volumeNumber, 32));

    /// <summary>The header tag: HMAC-SHA256 under the header MAC key, or SHA-256 when unencrypted.</summary>
    public void ComputeHeaderTag(ReadOnlySpan<byte> data, Span<byte> tag) => ComputeTag(HeaderMacKey, data, tag);

    /// <summary>The trailer tag: HMAC-SHA256 under the trailer MAC key, or SHA-256 when unencrypted.</summary>
    public void ComputeTrailerTag(ReadOnlySpan<byte> data, Span<byte> tag) => ComputeTag(TrailerMacKey, data, tag);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(FrameKey);
        CryptographicOperations.ZeroMemory(HeaderMacKey);
        CryptographicOperations.ZeroMemory(TrailerMacKey);
    }

    private static void ComputeTag(byte[]? key, ReadOnlySpan<byte> data, Span<byte> tag)
    {
        if (key is null)
        {
            SHA256.HashData(data, tag);
        }
        else
        {
            HMACSHA256.HashData(key, data, tag);
        }
    }

    private static byte[] Expand(ReadOnlySpan<byte> archiveKey, ReadOnlySpan<byte> salt, string label, ReadOnlySpan<byte> setId, uint volumeNumber, int length)
    {
        Span<byte> info = stackalloc byte[64];
        var labelLength = Encoding.ASCII.GetBytes(label, info);
        setId.CopyTo(info[labelLength..]);
        Bytes.WriteUInt32(info, labelLength + setId.Length, volumeNumber);
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, archiveKey, output, salt, info[..(labelLength + setId.Length + 4)]);
        return output;
    }
}
