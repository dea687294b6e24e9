using System.Security.Cryptography;
using Cairn.Format.Entries;

namespace Cairn.Format.Writing;

/// <summary>The entry being written: its id, metadata, running length and hash; moves to the next volume when a set rolls.</summary>
internal sealed class OpenEntry(long id, EntryMetadata metadata) : IDisposable
{
    public long Id { get; } = id;

    public EntryMetadata Metadata { get; } = metadata;

    public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Data bytes written so far, in all volumes.</summary>
    public long DataLength { get; set; }

    /// <summary>Where this volume's part starts: frame sequence and offset in that frame.</summary>
    public long StartSequence { get; set; }

    public int StartOffsetInFrame { get; set; }

    /// <summary>Data bytes in earlier volumes.</summary>
    public long PieceDataOffset { get; set; }

    public bool ContinuedFromPrevious { get; set; }

    public void Dispose() => Hash.Dispose();
}
