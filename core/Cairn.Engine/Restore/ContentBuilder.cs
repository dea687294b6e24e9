using Cairn.Delta;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Storage;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// Rebuilds a file's content as of a set: its snapshot, then each delta applied forward. The first delta is
/// fetched once (into memory, or a temporary file past 4 MiB) and planned; its patch then reads the snapshot
/// as it is decoded when the ranges it reads back fit in memory, otherwise the snapshot is spooled to a
/// temporary file. Intermediate versions go to two temporary files that alternate as basis and output; the
/// last step streams into the destination.
/// </summary>
internal sealed class ContentBuilder(SetDataReader data, string scratchDirectory) : IDisposable
{
    /// <summary>A first delta up to this size is held in memory while it is planned and applied; a larger one goes to a scratch file.</summary>
    private const int SmallDelta = 4 << 20;

    /// <summary>The most of a snapshot kept in memory for the COPYs of its first delta that read back.</summary>
    private const long MaxRetained = 16 << 20;

    private readonly string _first = Path.Combine(scratchDirectory, $"restore-{Environment.ProcessId}-a");
    private readonly string _second = Path.Combine(scratchDirectory, $"restore-{Environment.ProcessId}-b");
    private readonly string _delta = Path.Combine(scratchDirectory, $"restore-{Environment.ProcessId}-delta");

    /// <summary>
    /// Writes the content of <paramref name="record"/> to <paramref name="destination"/> and checks it against
    /// the SHA-256 the catalogue recorded at backup time; returns its length. A snapshot held whole in one
    /// volume is not hashed again: its volume's authenticated entry-end record carries the same SHA-256 (checked
    /// here against the catalogue's), and the volume reader checks the data against it as it reads.
    /// </summary>
    /// <exception cref="InvalidDataException">The rebuilt content does not match the recorded SHA-256, or stored data is damaged.</exception>
    public long WriteChecked(CatalogueRecord record, Stream destination)
    {
        var recorded = record.Metadata.ContentHash;
        if (recorded is not null && record.Data.Count == 1
            && data.SnapshotHash(record.Data[0], record.Metadata.Path) is { } stored && stored.AsSpan().SequenceEqual(recorded))
        {
            using var counting = new HashingWriteStream(destination, computeHash: false);
            Write(record, counting);
            return counting.BytesWritten;
        }

        using var hashing = new HashingWriteStream(destination);
        Write(record, hashing);
        if (recorded is not null && !hashing.GetHash().AsSpan().SequenceEqual(recorded))
        {
            throw new InvalidDataException($"The rebuilt content of \"{PathDisplay.Of(record.Metadata.Path)}\" does not match the SHA-256 recorded at backup time.");
        }

        return hashing.BytesWritten;
    }

    /// <summary>Writes the content of <paramref name="record"/> to <paramref name="destination"/>.</summary>
    private void Write(CatalogueRecord record, Stream destination)
    {
        var locations = record.Data;
        var path = record.Metadata.Path;
        if (locations.Count == 0)
        {
            return;
        }

        if (locations.Count == 1)
        {
            using var snapshot = data.OpenData(locations[0], path);
            snapshot.CopyTo(destination, 1 << 20);
            return;
        }

        // The first patch reads the snapshot as it is decoded, keeping in memory the few ranges its COPYs
        // read again (librsync points every repeat of a block, zero pages included, at its first occurrence):
        // that spares writing and reading back a scratch copy of the whole file. A delta that reads more than
        // MaxRetained back (blocks moved) gets the scratch copy, which the patch seeks in.
        using var firstDelta = Fetch(locations[1], path);
        var plan = ForwardReadPlan.Scan(firstDelta);
        string? basisPath = null;
        if (plan.RetainedBytes > MaxRetained)
        {
            basisPath = _first;
            Directory.CreateDirectory(scratchDirectory);
            using var snapshot = data.OpenData(locations[0], path);
            using var file = new FileStream(_first, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            snapshot.CopyTo(file, 1 << 20);
        }

        for (var i = 1; i < locations.Count; i++)
        {
            using var basis = basisPath is null
                ? data.OpenData(locations[0], path)
                : new FileStream(basisPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            using var delta = i == 1 ? Rewind(firstDelta) : data.OpenData(locations[i], path);
            var basisPlan = i == 1 && basisPath is null ? plan : null;
            if (i == locations.Count - 1)
            {
                DeltaPatcher.Apply(basis, delta, destination, basisPlan);
            }
            else
            {
                var outputPath = basisPath == _first ? _second : _first;
                Directory.CreateDirectory(scratchDirectory);
                using (var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    DeltaPatcher.Apply(basis, delta, output, basisPlan);
                }

                basisPath = outputPath;
            }
        }
    }

    private static Stream Rewind(Stream stream)
    {
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// The data at <paramref name="location"/>, fetched once: in memory up to <see cref="SmallDelta"/> bytes,
    /// past that in a scratch file. Seekable, positioned at its start.
    /// </summary>
    private Stream Fetch(DataLocation location, byte[] path)
    {
        using var stored = data.OpenData(location, path);
        Stream copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        for (int read; (read = stored.Read(buffer)) > 0;)
        {
            if (copy is MemoryStream memory && memory.Length + read > SmallDelta)
            {
                Directory.CreateDirectory(scratchDirectory);
                copy = new FileStream(_delta, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                memory.WriteTo(copy);
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    public void Dispose()
    {
        if (Directory.Exists(scratchDirectory))
        {
            File.Delete(_first);
            File.Delete(_second);
            File.Delete(_delta);
        }
    }
}
