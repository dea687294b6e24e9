namespace Cairn.Format;

/// <summary>What a finished volume holds.</summary>
/// <param name="SetId">The set id.</param>
/// <param name="VolumeNumber">The volume's number.</param>
/// <param name="IsLastVolume">True when the volume was marked the last of its set.</param>
/// <param name="Length">The volume's length in bytes.</param>
/// <param name="FrameCount">Frames written, data and index.</param>
/// <param name="EntryCount">Index records written (entries, or parts of entries).</param>
/// <param name="HeaderDigest">SHA-256 of the volume header.</param>
public sealed record ArchiveSummary(byte[] SetId, uint VolumeNumber, bool IsLastVolume, long Length, long FrameCount, long EntryCount, byte[] HeaderDigest);
