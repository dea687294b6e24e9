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

    /// <summary>
    /// Hashes the <paramref name="length"/>-byte windows of <paramref name="buffer"/> that start at each of
    /// <paramref name="offsets"/>, writing the strong sums one after another to <paramref name="destination"/>.
    /// BLAKE2 goes four windows at a time through the vectorised implementation.
    /// </summary>
    public void ComputeMany(ReadOnlySpan<byte> buffer, ReadOnlySpan<int> offsets, int length, Span<byte> destination)
    {
        var i = 0;
        if (digest is null && Blake2bFourLanes.IsSupported)
        {
            Span<byte> digests = stackalloc byte[4 * 32];
            for (; i + 4 <= offsets.Length; i += 4)
            {
                Blake2bFourLanes.Hash256(buffer, offsets[i], offsets[i + 1], offsets[i + 2], offsets[i + 3], length, digests);
                for (var lane = 0; lane < 4; lane++)
                {
                    digests.Slice(lane * 32, this.length).CopyTo(destination[((i + lane) * this.length)..]);
                }
            }
        }

        for (; i < offsets.Length; i++)
        {
            Compute(buffer.Slice(offsets[i], length), destination.Slice(i * this.length, this.length));
        }
    }
}
