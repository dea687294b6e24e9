using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Cairn.Delta.Checksums;

/// <summary>
/// Computes librsync strong sums: MD4, or unkeyed BLAKE2b with a 32-byte digest, truncated to the
/// signature's strong-sum length. One instance per thread; it reuses its digest state.
/// </summary>
internal sealed class StrongHasher
{
    private readonly IDigest? digest;
    private readonly int length;

    public StrongHasher(StrongSumAlgorithm algorithm, int length)
    {
        this.length = length;
        digest = algorithm == StrongSumAlgorithm.Md4 ? new MD4Digest() : null;
    }

    /// <summary>The strong-sum length written to <c>destination</c>.</summary>
    public int Length => length;

    /// <summary>Hashes <paramref name="data"/> and writes the first <see cref="Length"/> bytes of the digest.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        if (digest is null)
        {
            Blake2b.Hash256(data, full);
        }
        else
        {
            digest.BlockUpdate(data);
            digest.DoFinal(full);
        }

        full[..length].CopyTo(destination);
    }
}
