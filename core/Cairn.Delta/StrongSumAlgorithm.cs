namespace Cairn.Delta;

/// <summary>The strong checksum a librsync signature uses to confirm a candidate block.</summary>
public enum StrongSumAlgorithm
{
    /// <summary>BLAKE2b with a 32-byte digest, truncated to the strong-sum length (the librsync 2.3 default).</summary>
    Blake2,

    /// <summary>MD4 (16 bytes), truncated to the strong-sum length.</summary>
    Md4,
}
