using System.Security.Cryptography;
using Cairn.Delta;

namespace Cairn.Engine.Backup;

/// <summary>
/// What a backup computes over each stored file's content in the same read: its SHA-256 (the catalogue's
/// content hash) and its librsync signature (the basis of the next backup's delta).
/// </summary>
internal sealed class ContentDigest : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _signature = new();
    private readonly SignatureBuilder _signatureBuilder;

    /// <param name="expectedSize">The size the scan saw, which chooses the signature's block length.</param>
    public ContentDigest(long expectedSize)
    {
        _signatureBuilder = new SignatureBuilder(_signature, SignatureParameters.Recommended(Math.Max(expectedSize, 0), strongSumLength: -1));
    }

    /// <summary>Bytes appended so far.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        _sha.AppendData(chunk);
        _signatureBuilder.Append(chunk);
        Length += chunk.Length;
    }

    /// <summary>Ends the content: the SHA-256, and the signature as a stream positioned at its start.</summary>
    public (byte[] Sha256, MemoryStream Signature) Complete()
    {
        _signatureBuilder.Complete();
        _signature.Position = 0;
        return (_sha.GetHashAndReset(), _signature);
    }

    public void Dispose()
    {
        _signatureBuilder.Dispose();
        _sha.Dispose();
        _signature.Dispose();
    }
}
