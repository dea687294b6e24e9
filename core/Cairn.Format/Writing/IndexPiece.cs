using Cairn.Format.Entries;

namespace Cairn.Format.Writing;

/// <summary>An index record waiting for its frames' offsets, known once the data frames are written.</summary>
internal sealed record IndexPiece(
    long EntryId,
    EntryMetadata Metadata,
    bool ContinuesFromPrevious,
    bool ContinuesInNext,
    long StartSequence,
    int OffsetInFrame,
    long EndSequence,
    long DataOffset,
    long DataLength,
    byte[]? DataHash);
