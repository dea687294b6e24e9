using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// Where a backup puts the signatures it computes: each one is written as it comes to two archives, the
/// plaintext one the local cache keeps (the next incremental reads it without unlocking anything) and the
/// encrypted one uploaded with the set. Both are written on the backup's writing thread: together they are
/// about 2% of the data. Encoding the target's copy from the cache's one after the data was done, as
/// earlier versions did, was the largest step of a backup's single-threaded tail.
/// </summary>
internal sealed class SignatureArchives
{
    private readonly ArchiveWriter _cached;
    private readonly ArchiveWriter? _uploaded;

    /// <param name="cached">The plaintext archive for the local cache.</param>
    /// <param name="uploaded">The encrypted archive for the target, or <see langword="null"/> (a dry run uploads nothing).</param>
    public SignatureArchives(ArchiveWriter cached, ArchiveWriter? uploaded)
    {
        _cached = cached;
        _uploaded = uploaded;
    }

    /// <summary>Adds the signature of the file at <paramref name="path"/> to both archives.</summary>
    public void Add(byte[] path, Stream signature)
    {
        var metadata = new EntryMetadata { Path = path, Type = EntryType.File, ContentKind = EntryContentKind.Signature, Size = signature.Length };
        var start = signature.Position;
        _cached.AddEntry(metadata, signature);
        if (_uploaded is not null)
        {
            signature.Position = start;
            _uploaded.AddEntry(metadata, signature);
        }
    }

    /// <summary>Writes both archives' indexes and trailers.</summary>
    public void Finish()
    {
        _cached.Finish(lastVolume: true);
        _uploaded?.Finish(lastVolume: true);
    }
}
