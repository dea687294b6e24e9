using System.Security.Cryptography;
using Cairn.Delta;

namespace Cairn.Engine.Backup;

/// <summary>
/// What a backup computes over each stored file's content in the same read: its librsync signature (the
/// basis of the next backup's delta) and, unless the archive writer hashes the same bytes anyway (a
/// snapshot entry), its SHA-256 (the catalogue's content hash).
/// </summary>
internal sealed class ContentDigest : IDisposable
{
    private readonly IncrementalHash? _sha;
    private readonly MemoryStream _signature = new();
    private readonly SignatureBuilder _signatureBuilder;
    private byte[]? _wholeHash; // the SHA-256 of content given whole (OfWhole), computed in one call

    /// <param name="expectedSize">The size the scan saw, which chooses the signature's block length.</param>
    /// <param name="hashContent">Compute the SHA-256 too (false when the bytes are stored as they are and the writer's hash serves).</param>
    public ContentDigest(long expectedSize, bool hashContent)
    {
        _sha = hashContent ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var size = Math.Max(expectedSize, 0);
        _signatureBuilder = new SignatureBuilder(_signature, SignatureParameters.Recommended(size, strongSumLength: -1), size);
    }

    /// <summary>Bytes appended so far.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Digests content given whole (a small file read ahead): its SHA-256 in one call, which for thousands of small
    /// files costs less than a hash object each.
    /// </summary>
    public static ContentDigest OfWhole(ReadOnlySpan<byte> content, long expectedSize)
    {
        var digest = new ContentDigest(expectedSize, hashContent: false);
        digest._wholeHash = SHA256.HashData(content);
        digest.Append(content);
        return digest;
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        _sha?.AppendData(chunk);
        _signatureBuilder.Append(chunk);
        Length += chunk.Length;
    }

    /// <summary>Ends the content: the SHA-256 (<see langword="null"/> if not computed), and the signature as a stream positioned at its start.</summary>
    public (byte[]? Sha256, MemoryStream Signature) Complete()
    {
        _signatureBuilder.Complete();
        _signature.Position = 0;
        return (_wholeHash ?? _sha?.GetHashAndReset(), _signature);
    }

    public void Dispose()
    {
        _signatureBuilder.Dispose();
        _sha?.Dispose();
        _signature.Dispose();
    }
}
