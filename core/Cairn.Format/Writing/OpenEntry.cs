using System.Security.Cryptography;
using Cairn.Format.Entries;

namespace Cairn.Format.Writing;

/// <summary>
/// The entry being written: its id, metadata, running length and hash (or the hash its writer already
/// computed); moves to the next volume when a set rolls.
/// </summary>
internal sealed class OpenEntry(long id, EntryMetadata metadata, byte[]? knownDataHash) : IDisposable
{
    /// <summary>
    /// A hash that ended with its entry, reset and kept for the next entry of the thread. An archive of many small
    /// entries (the signatures archive holds one per file) would otherwise make and free an OpenSSL digest context,
    /// and the handle and finalizer around it, for each.
    /// </summary>
    [ThreadStatic]
    private static IncrementalHash? t_spare;

    private bool _hashCompleted;

    public long Id { get; } = id;

    public EntryMetadata Metadata { get; } = metadata;

    /// <summary>Hashes the data as it is written, unless the caller supplied <see cref="KnownDataHash"/>.</summary>
    public IncrementalHash? Hash { get; } = knownDataHash is null ? TakeSpare() ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>The SHA-256 of the whole data, as the caller computed it while reading the data.</summary>
    public byte[]? KnownDataHash { get; } = knownDataHash;

    /// <summary>The SHA-256 of the data written, once it is all written.</summary>
    public byte[] CompleteHash()
    {
        if (KnownDataHash is { } known)
        {
            return known;
        }

        _hashCompleted = true;
        return Hash!.GetHashAndReset();
    }

    /// <summary>Data bytes written so far, in all volumes.</summary>
    public long DataLength { get; set; }

    /// <summary>Where this volume's part starts: frame sequence and offset in that frame.</summary>
    public long StartSequence { get; set; }

    public int StartOffsetInFrame { get; set; }

    /// <summary>Data bytes in earlier volumes.</summary>
    public long PieceDataOffset { get; set; }

    public bool ContinuedFromPrevious { get; set; }

    /// <summary>Keeps a hash reset by <see cref="CompleteHash"/> for the thread's next entry; disposes one that is not.</summary>
    public void Dispose()
    {
        if (Hash is null)
        {
            return;
        }

        if (_hashCompleted && t_spare is null)
        {
            t_spare = Hash;
        }
        else
        {
            Hash.Dispose();
        }
    }

    private static IncrementalHash? TakeSpare()
    {
        var spare = t_spare;
        t_spare = null;
        return spare;
    }
}
