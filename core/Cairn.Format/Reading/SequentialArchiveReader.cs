using System.Buffers;
using Cairn.Contracts.Recipients;
using Cairn.Format.Reading;
using Cairn.Format.Records;

namespace Cairn.Format;

/// <summary>
/// Reads archives front to back without the index: from a pipe, or to rescue what precedes damage.
/// Entries that continue across volumes are followed into the next volume; each volume's index and
/// trailer are still read and checked at its end, so truncation is detected.
/// </summary>
public static class SequentialArchiveReader
{
    /// <summary>Reads the entries of a single volume.</summary>
    /// <exception cref="ArchiveFormatException">The volume is damaged, truncated, or not the last of its set (raised while enumerating).</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">No identity opens the volume, or it was altered (raised while enumerating).</exception>
    public static IEnumerable<SequentialEntry> Read(Stream input, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Read([input], algorithms, identities);
    }

    /// <summary>Reads the entries of consecutive volumes of one set, in order; the last must be marked as the set's last.</summary>
    /// <exception cref="ArchiveFormatException">A volume is damaged, truncated, from another set, out of order, or the set is incomplete (raised while enumerating).</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">No identity opens a volume, or it was altered (raised while enumerating).</exception>
    public static IEnumerable<SequentialEntry> Read(IEnumerable<Stream> volumes, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(algorithms);
        ArgumentNullException.ThrowIfNull(identities);
        return new SetWalk(volumes, algorithms, identities).Entries();
    }

    private sealed class SetWalk(IEnumerable<Stream> volumes, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        private IEnumerator<Stream>? _streams;
        private SequentialVolume? _volume;
        private byte[]? _setId;
        private uint _volumeNumber;
        private bool _lastSeen;

        public SequentialVolume Volume => _volume!;

        public IEnumerable<SequentialEntry> Entries()
        {
            using var streams = volumes.GetEnumerator();
            _streams = streams;
            try
            {
                if (!OpenNextVolume())
                {
                    throw new ArchiveFormatException("No volumes to read.");
                }

                while (true)
                {
                    var start = Volume.Cursor.MoveNext();
                    if (start is null)
                    {
                        FinishVolume();
                        if (_lastSeen)
                        {
                            if (streams.MoveNext())
                            {
                                throw new ArchiveFormatException($"Volume {_volumeNumber} is the last of its set, yet more volumes follow.");
                            }

                            yield break;
                        }

                        if (!OpenNextVolume())
                        {
                            throw new ArchiveFormatException($"The set goes on after volume {_volumeNumber}, but no further volume was given.");
                        }

                        continue;
                    }

                    var record = start.Value;
                    var source = new SetEntrySource(this, record.EntryId, record.DataOffset);
                    using var data = new EntryReadStream(source, record.DataOffset == 0, System.Text.Encoding.UTF8.GetString(record.Metadata.Path));
                    yield return new SequentialEntry(record.EntryId, record.Metadata, record.DataOffset, _volumeNumber, data);
                    Drain(data);
                }
            }
            finally
            {
                _volume?.Dispose();
                _volume = null;
            }
        }

        /// <summary>Ends the current volume mid-entry and moves to the next, which must continue the entry.</summary>
        public void ContinueEntry(long entryId, long dataOffset)
        {
            FinishVolume();
            if (_lastSeen || !OpenNextVolume())
            {
                throw new ArchiveFormatException($"Entry {entryId} goes on after volume {_volumeNumber}, but {(_lastSeen ? "that is the set's last volume" : "no further volume was given")}.");
            }

            var next = Volume.Cursor.MoveNext();
            if (next is not { } record || record.EntryId != entryId || record.DataOffset != dataOffset)
            {
                throw new ArchiveFormatException($"Volume {_volumeNumber} does not continue entry {entryId} at data offset {dataOffset}.");
            }
        }

        private static void Drain(Stream data)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (data.Read(scratch) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        private void FinishVolume()
        {
            var trailer = Volume.Finish();
            _lastSeen = trailer.IsLastVolume;
            _volume!.Dispose();
            _volume = null;
        }

        private bool OpenNextVolume()
        {
            if (!_streams!.MoveNext())
            {
                return false;
            }

            var volume = SequentialVolume.Open(_streams.Current, algorithms, identities);
            var header = volume.Header;
            if (_setId is not null && !header.SetId.AsSpan().SequenceEqual(_setId))
            {
                volume.Dispose();
                throw new ArchiveFormatException($"Volume {header.VolumeNumber} belongs to set {Convert.ToHexString(header.SetId)}, not to set {Convert.ToHexString(_setId)}.");
            }

            if (_setId is not null && header.VolumeNumber != _volumeNumber + 1)
            {
                volume.Dispose();
                throw new ArchiveFormatException($"Volume {header.VolumeNumber} found where volume {_volumeNumber + 1} belongs.");
            }

            _setId = header.SetId;
            _volumeNumber = header.VolumeNumber;
            _volume = volume;
            return true;
        }

        private sealed class SetEntrySource(SetWalk walk, long entryId, long dataOffset) : EntryDataSource
        {
            private long _position = dataOffset;

            public override EntryEndRecord? End => walk.Volume.Cursor.End;

            public override int Read(Span<byte> destination)
            {
                while (true)
                {
                    var read = walk.Volume.Cursor.ReadData(destination);
                    if (read > 0)
                    {
                        _position += read;
                        return read;
                    }

                    if (walk.Volume.Cursor.End is not null)
                    {
                        return 0;
                    }

                    walk.ContinueEntry(entryId, _position);
                }
            }
        }
    }
}
