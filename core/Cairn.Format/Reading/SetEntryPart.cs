namespace Cairn.Format;

/// <summary>The part of a set entry that one volume holds.</summary>
/// <param name="VolumeNumber">The volume.</param>
/// <param name="IndexEntry">That volume's index record for the part.</param>
public sealed record SetEntryPart(uint VolumeNumber, IndexEntry IndexEntry);
