namespace Cairn.Format.Entries;

/// <summary>A run of data in a sparse file; the bytes between regions are holes (zeros never stored).</summary>
/// <param name="Offset">Where the data starts in the file.</param>
/// <param name="Length">How many bytes of data.</param>
public readonly record struct SparseRegion(long Offset, long Length);
