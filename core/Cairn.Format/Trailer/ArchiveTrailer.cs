using Cairn.Format.Trailer;

namespace Cairn.Format;

/// <summary>
/// The fixed-size trailer at the very end of a volume: where the index is, the volume's identity again,
/// and whether this is the set's last volume. Its layout is in <c>Trailer/ArchiveTrailerLayout.cs</c>.
/// </summary>
/// <param name="IsLastVolume">True on the last volume of a set.</param>
/// <param name="VolumeNumber">Repeats the header's volume number.</param>
/// <param name="SetId">Repeats the header's set id.</param>
/// <param name="HeaderLength">The header's length: the first frame starts there.</param>
/// <param name="IndexOffset">Where the first index frame starts.</param>
/// <param name="IndexFrameCount">How many index frames there are (at least one).</param>
/// <param name="FrameCount">How many frames the volume holds, data and index.</param>
/// <param name="EntryCount">How many index records the index holds.</param>
/// <param name="HeaderDigest">SHA-256 of the header, binding the trailer to it.</param>
public sealed record ArchiveTrailer(
    bool IsLastVolume,
    uint VolumeNumber,
    byte[] SetId,
    long HeaderLength,
    long IndexOffset,
    long IndexFrameCount,
    long FrameCount,
    long EntryCount,
    byte[] HeaderDigest)
{
    /// <summary>The trailer's fixed length in bytes.</summary>
    public const int Length = ArchiveTrailerLayout.Length;

    /// <summary>How many data frames precede the index.</summary>
    public long DataFrameCount => FrameCount - IndexFrameCount;
}
