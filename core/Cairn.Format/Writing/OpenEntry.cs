using System.Security.Cryptography;
using Cairn.Format.Entries;

namespace Cairn.Format.Writing;

/// <summary>
/// The entry being written: its id, metadata, running length and hash (or the hash its writer already
/// computed); moves to the next volume when a set rolls.
/// </summary>
internal sealed class OpenEntry(long id, EntryMetadata metadata, byte[]? knownDataHash) : IDisposable
{
    public long Id { get; } = id;

    public EntryMetadata Metadata { get; } = metadata;

    /// <summary>Hashes the data as it is written, unless the caller supplied <see cref="KnownDataHash"/>.</summary>
    public IncrementalHash? Hash { get; } = knownDataHash is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>The SHA-256 of the whole data, as the caller computed it while reading the data.</summary>
    public byte[]? KnownDataHash { get; } = knownDataHash;

    /// <summary>The SHA-256 of the data written, once it is all written.</summary>
    public byte[] CompleteHash() => KnownDataHash ?? Hash!.GetHashAndReset();

    /// <summary>Data bytes written so far, in all volumes.</summary>
    public long DataLength { get; set; }

    /// <summary>Where this volume's part starts: frame sequence and offset in that frame.</summary>
    public long StartSequence { get; set; }

    public int StartOffsetInFrame { get; set; }

    /// <summary>Data bytes in earlier volumes.</summary>
    public long PieceDataOffset { get; set; }

    public bool ContinuedFromPrevious { get; set; }

    public void Dispose() => Hash?.Dispose();
}
