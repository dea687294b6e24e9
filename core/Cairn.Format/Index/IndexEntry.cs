using Cairn.Format.Entries;

namespace Cairn.Format;

/// <summary>
/// One record of a volume's index: an entry, or the part of an entry that lies in this volume, with
/// where to find it. Read from the authenticated index; <see cref="ArchiveReader.OpenData"/> reads
/// only the frames between <see cref="FrameOffset"/> and <see cref="EndOffset"/>.
/// </summary>
public sealed class IndexEntry
{
    /// <summary>The entry's id, counted from 0 across the whole set.</summary>
    public required long EntryId { get; init; }

    /// <summary>
    /// The entry's metadata. For a complete snapshot of a file, <see cref="EntryMetadata.Size"/> and
    /// <see cref="EntryMetadata.ContentHash"/> are the length and SHA-256 of the data actually stored.
    /// </summary>
    public required EntryMetadata Metadata { get; init; }

    /// <summary>True when the entry began in the previous volume.</summary>
    public bool ContinuesFromPreviousVolume { get; init; }

    /// <summary>True when the entry goes on in the next volume.</summary>
    public bool ContinuesInNextVolume { get; init; }

    /// <summary>The sequence number of the frame where the entry's first record in this volume starts.</summary>
    public required long FrameSequence { get; init; }

    /// <summary>The offset of that frame in the volume.</summary>
    public required long FrameOffset { get; init; }

    /// <summary>Where the record starts in that frame's plaintext.</summary>
    public required int OffsetInFrame { get; init; }

    /// <summary>The offset just past the last frame holding the entry's records in this volume.</summary>
    public required long EndOffset { get; init; }

    /// <summary>How many of the entry's data bytes lie in earlier volumes.</summary>
    public long DataOffset { get; init; }

    /// <summary>How many of the entry's data bytes lie in this volume.</summary>
    public required long DataLength { get; init; }

    /// <summary>SHA-256 of the entry's whole data, when the entry ends in this volume; otherwise <see langword="null"/>.</summary>
    public byte[]? DataHash { get; init; }

    /// <summary>How many bytes of the volume <see cref="ArchiveReader.OpenData"/> reads for this entry.</summary>
    public long StoredLength => EndOffset - FrameOffset;
}
