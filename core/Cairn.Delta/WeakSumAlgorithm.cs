namespace Cairn.Delta;

/// <summary>The rolling (weak) checksum a librsync signature uses to find candidate blocks.</summary>
public enum WeakSumAlgorithm
{
    /// <summary>librsync's RabinKarp polynomial hash (the librsync 2.3 default).</summary>
    RabinKarp,

    /// <summary>librsync's original rsync-style rollsum (Adler-like, used by duplicity).</summary>
    Rollsum,
}
