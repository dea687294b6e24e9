using Cairn.Contracts.Recipients;
using Cairn.Format.Reading;
using Cairn.Format.Records;

namespace Cairn.Format;

/// <summary>
/// Random access to a whole volume set: opens each volume's trailer, header and index (checking that
/// they belong to one set, in order, ending with the volume marked last) and joins entries that
/// cross volumes.
/// </summary>
public sealed class VolumeSetReader : IDisposable
{
    private readonly Dictionary<uint, ArchiveReader> _byNumber;

    private VolumeSetReader(IReadOnlyList<ArchiveReader> volumes, IReadOnlyList<SetEntry> entries)
    {
        Volumes = volumes;
        Entries = entries;
        _byNumber = volumes.ToDictionary(v => v.Header.VolumeNumber);
    }

    /// <summary>The set's volumes, in order.</summary>
    public IReadOnlyList<ArchiveReader> Volumes { get; }

    /// <summary>Every entry of the set, in the order written.</summary>
    public IReadOnlyList<SetEntry> Entries { get; }

    /// <summary>Opens volumes <paramref name="firstVolume"/>, the next, ... until the one marked last.</summary>
    /// <param name="openVolume">Opens a seekable stream of a volume by number (the reader disposes it), or returns <see langword="null"/> when there is no such volume.</param>
    /// <param name="algorithms">Resolves the algorithms headers name.</param>
    /// <param name="identities">Keys or passphrases to try.</param>
    /// <param name="firstVolume">The first volume's number.</param>
    /// <exception cref="ArchiveFormatException">A volume is damaged, from another set, out of order, or entries do not join up.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">No identity opens a volume, or one was altered.</exception>
    public static VolumeSetReader Open(Func<uint, Stream?> openVolume, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities, uint firstVolume = 1)
    {
        ArgumentNullException.ThrowIfNull(openVolume);
        var volumes = new List<ArchiveReader>();
        try
        {
            for (var number = firstVolume; ; number = checked(number + 1))
            {
                var stream = openVolume(number) ?? throw new ArchiveFormatException(volumes.Count == 0
                    ? $"Volume {number}, the set's first, is missing."
                    : $"The set goes on after volume {number - 1} (not marked last), but volume {number} is missing.");
                var reader = ArchiveReader.Open(stream, algorithms, identities, leaveOpen: false);
                volumes.Add(reader);
                if (!reader.Header.SetId.AsSpan().SequenceEqual(volumes[0].Header.SetId))
                {
                    throw new ArchiveFormatException($"Volume {number} belongs to set {Convert.ToHexString(reader.Header.SetId)}, not to set {Convert.ToHexString(volumes[0].Header.SetId)}.");
                }

                if (reader.Header.VolumeNumber != number)
                {
                    throw new ArchiveFormatException($"Volume {reader.Header.VolumeNumber} found where volume {number} belongs.");
                }

                if (reader.Trailer.IsLastVolume)
                {
                    break;
                }
            }

            return new VolumeSetReader(volumes, Join(volumes));
        }
        catch
        {
            foreach (var volume in volumes)
            {
                volume.Dispose();
            }

            throw;
        }
    }

    /// <summary>Opens an entry's data, following it across volumes; its SHA-256 is checked at the end.</summary>
    /// <exception cref="ArgumentException">The entry is not from this set.</exception>
    public Stream OpenData(SetEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new EntryReadStream(new PartsSource(this, entry), fromStart: true, System.Text.Encoding.UTF8.GetString(entry.Metadata.Path));
    }

    /// <summary>Disposes every volume reader and its stream.</summary>
    public void Dispose()
    {
        foreach (var volume in Volumes)
        {
            volume.Dispose();
        }
    }

    private static List<SetEntry> Join(List<ArchiveReader> volumes)
    {
        var entries = new List<SetEntry>();
        List<SetEntryPart>? open = null;
        foreach (var volume in volumes)
        {
            var number = volume.Header.VolumeNumber;
            for (var i = 0; i < volume.Entries.Count; i++)
            {
                var entry = volume.Entries[i];
                var continuing = open is not null && i == 0;
                if (entry.ContinuesFromPreviousVolume != continuing || (continuing && (entry.EntryId != open![0].IndexEntry.EntryId || entry.DataOffset != open[^1].IndexEntry.DataOffset + open[^1].IndexEntry.DataLength)))
                {
                    throw new ArchiveFormatException($"Volume {number}: entry {entry.EntryId} does not join up with the previous volume.");
                }

                if (!continuing && open is not null)
                {
                    throw new ArchiveFormatException($"Volume {number - 1} ends in the middle of entry {open[0].IndexEntry.EntryId}, which volume {number} does not continue.");
                }

                open ??= [];
                open.Add(new SetEntryPart(number, entry));
                if (entry.ContinuesInNextVolume && i != volume.Entries.Count - 1)
                {
                    throw new ArchiveFormatException($"Volume {number}: entry {entry.EntryId} continues in the next volume but is not the volume's last.");
                }

                if (!entry.ContinuesInNextVolume)
                {
                    entries.Add(new SetEntry(open));
                    open = null;
                }
            }
        }

        if (open is not null)
        {
            throw new ArchiveFormatException($"Entry {open[0].IndexEntry.EntryId} goes on after the set's last volume.");
        }

        return entries;
    }

    private sealed class PartsSource(VolumeSetReader set, SetEntry entry) : EntryDataSource
    {
        private int _next;
        private PieceSource? _current;

        public override EntryEndRecord? End => _current?.End;

        public override int Read(Span<byte> destination)
        {
            while (true)
            {
                if (_current is null)
                {
                    if (_next == entry.Parts.Count)
                    {
                        return 0;
                    }

                    var part = entry.Parts[_next++];
                    if (!set._byNumber.TryGetValue(part.VolumeNumber, out var volume))
                    {
                        throw new ArgumentException("The entry is not from this set.", nameof(entry));
                    }

                    _current = volume.OpenPiece(part.IndexEntry);
                }

                var read = _current.Read(destination);
                if (read > 0 || _next == entry.Parts.Count)
                {
                    return read;
                }

                _current.Dispose();
                _current = null;
            }
        }

        public override void Dispose() => _current?.Dispose();
    }
}
