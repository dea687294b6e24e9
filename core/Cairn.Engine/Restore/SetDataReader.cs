using System.Text;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// Reads stored file data from a chain's volumes on the target, seeking: a volume is opened through a
/// <see cref="BackendReadStream"/> (only its trailer, header and index are read), then only the frames of
/// the wanted entry. A few volumes stay open so that a whole-tree restore reads each volume front to back,
/// at most the latest-needed one of each set (with its index in memory, encoded), since requests come in path order.
/// </summary>
internal sealed class SetDataReader : IDisposable
{
    private const int OpenVolumes = 4;

    private readonly EngineContext _context;
    private readonly IReadOnlyList<SetManifest> _chain;
    private readonly LinkedList<(int Set, uint Volume, BackendReadStream Stream, ArchiveReader Reader)> _open = new();

    public SetDataReader(EngineContext context, IReadOnlyList<SetManifest> chain)
    {
        _context = context;
        _chain = chain;
    }

    /// <summary>Bytes fetched from the target so far.</summary>
    public long BytesFetched { get; private set; }

    /// <summary>Opens the data of <paramref name="path"/> stored at <paramref name="location"/> (following it into later volumes).</summary>
    /// <exception cref="InvalidDataException">The volume has no such entry.</exception>
    public Stream OpenData(DataLocation location, byte[] path)
    {
        var volume = location.Volume;
        var found = Find(location.Set, volume, path, continuation: false);
        if (found is null)
        {
            // The writer may have rolled to the next volume just as the entry started.
            volume++;
            found = VolumeExists(location.Set, volume) ? Find(location.Set, volume, path, continuation: false) : null;
        }

        if (found is null)
        {
            throw new InvalidDataException($"Volume {location.Volume} of {_chain[location.Set].Set} has no data for \"{PathDisplay.Of(path)}\".");
        }

        return new ConcatenatedReadStream(Pieces(location.Set, volume, found.Value, path).GetEnumerator());
    }

    /// <summary>
    /// The SHA-256 of the data stored at <paramref name="location"/>, from its volume's authenticated index,
    /// when the entry is a snapshot held whole in one volume (its reader then checks the data against it);
    /// otherwise <see langword="null"/>.
    /// </summary>
    public byte[]? SnapshotHash(DataLocation location, byte[] path)
    {
        var entry = Find(location.Set, location.Volume, path, continuation: false)?.Entry;
        return entry is { Metadata.ContentKind: EntryContentKind.Snapshot, ContinuesInNextVolume: false } ? entry.DataHash : null;
    }

    private IEnumerable<Stream> Pieces(int set, uint volume, (int Position, IndexEntry Entry) first, byte[] path)
    {
        var found = first;
        while (true)
        {
            yield return OpenPiece(set, volume, found.Position);
            if (!found.Entry.ContinuesInNextVolume)
            {
                yield break;
            }

            volume++;
            found = Find(set, volume, path, continuation: true)
                ?? throw new InvalidDataException($"Volume {volume} of {_chain[set].Set} lacks the continuation of \"{PathDisplay.Of(path)}\".");
        }
    }

    /// <summary>Opens one volume's part of an entry's data; whatever its frames raise names the volume.</summary>
    private VolumeDataStream OpenPiece(int set, uint volume, int position)
    {
        var reader = Reader(set, volume);
        var manifest = _chain[set];
        Stream data;
        try
        {
            data = reader.OpenDataAt(position); // reads ahead: the first frames are read and opened here
        }
        catch (Exception ex) when (VolumeDamage.Named(VolumeDataStream.ObjectName(manifest, volume), ex) is { } named)
        {
            throw named;
        }

        return new VolumeDataStream(data, manifest, volume);
    }

    private bool VolumeExists(int set, uint volume) => _chain[set].Volumes.Any(v => v.Name == TargetLayout.VolumeFile(volume));

    /// <summary>
    /// Where <paramref name="path"/>'s data (or its continuation) lies in a volume's index, and its entry. The search
    /// compares the index's paths as they are encoded and decodes only the entry found.
    /// </summary>
    private (int Position, IndexEntry Entry)? Find(int set, uint volume, byte[] path, bool continuation)
    {
        var reader = Reader(set, volume);
        int lo = 0, hi = reader.EntryCount - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = PathOrder.Compare(reader.EntryPath(mid), path);
            if (cmp == 0)
            {
                var e = Decoded(reader, set, volume, mid);
                var isData = e.Metadata.ContentKind is EntryContentKind.Snapshot or EntryContentKind.Delta;
                return isData && e.ContinuesFromPreviousVolume == continuation ? (mid, e) : null;
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>Decodes an entry of a volume's index; a malformed record (checked whole only now) names the volume.</summary>
    private IndexEntry Decoded(ArchiveReader reader, int set, uint volume, int position)
    {
        try
        {
            return reader.EntryAt(position);
        }
        catch (ArchiveFormatException ex)
        {
            throw VolumeDamage.Named(VolumeDataStream.ObjectName(_chain[set], volume), ex)!;
        }
    }

    private ArchiveReader Reader(int set, uint volume)
    {
        for (var node = _open.First; node is not null; node = node.Next)
        {
            if (node.Value.Set == set && node.Value.Volume == volume)
            {
                _open.Remove(node);
                _open.AddFirst(node);
                return node.Value.Reader;
            }
        }

        if (set < 0 || set >= _chain.Count)
        {
            throw new InvalidDataException($"A catalogue record points at set {set} of a chain of {_chain.Count}.");
        }

        var manifest = _chain[set];
        var name = TargetLayout.VolumeFile(volume);
        var stored = manifest.Volumes.FirstOrDefault(v => v.Name == name)
            ?? throw new InvalidDataException($"A catalogue record points at volume {volume} of {manifest.Set}, which has {manifest.Volumes.Count}.");
        var objectName = TargetLayout.ObjectName(manifest.Name, name);
        var stream = new BackendReadStream(_context.Backend, objectName, stored.Size);
        ArchiveReader reader;
        try
        {
            reader = ArchiveReader.Open(stream, _context.Algorithms, _context.GetIdentities());
        }
        catch (Exception ex)
        {
            BytesFetched += stream.BytesFetched;
            stream.Dispose();
            if (VolumeDamage.Named(objectName, ex) is { } named)
            {
                throw named;
            }

            throw;
        }

        // Requests come in path order, and a set's volumes hold its entries in path order: once volume v
        // of a set is needed, its earlier volumes are not, and their indexes can go.
        for (var node = _open.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Set == set && node.Value.Volume < volume)
            {
                Close(node.Value);
                _open.Remove(node);
            }

            node = next;
        }

        _open.AddFirst((set, volume, stream, reader));
        while (_open.Count > OpenVolumes)
        {
            Close(_open.Last!.Value);
            _open.RemoveLast();
        }

        return reader;
    }

    private void Close((int Set, uint Volume, BackendReadStream Stream, ArchiveReader Reader) open)
    {
        BytesFetched += open.Stream.BytesFetched;
        open.Reader.Dispose();
        open.Stream.Dispose();
    }

    /// <summary>Bytes fetched including the volumes still open.</summary>
    public long TotalBytesFetched => BytesFetched + _open.Sum(o => o.Stream.BytesFetched);

    public void Dispose()
    {
        foreach (var open in _open)
        {
            Close(open);
        }

        _open.Clear();
    }
}
