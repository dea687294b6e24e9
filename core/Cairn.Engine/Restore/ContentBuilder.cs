using Cairn.Delta;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Restore;

/// <summary>
/// Rebuilds a file's content as of a set: its snapshot, then each delta applied forward. The first delta
/// reads the snapshot as it is decoded when the ranges it reads back fit in memory; otherwise the snapshot
/// is spooled to a temporary file. Intermediate versions go to two temporary files that alternate as basis and output; the
/// last step streams into the destination.
/// </summary>
internal sealed class ContentBuilder(SetDataReader data, string scratchDirectory) : IDisposable
{
    /// <summary>A first delta up to this size is held in memory, so that checking its copies does not fetch it twice.</summary>
    private const int SmallDelta = 4 << 20;

    /// <summary>The most of a snapshot kept in memory for the COPYs of its first delta that read back.</summary>
    private const long MaxRetained = 16 << 20;

    private readonly string _first = Path.Combine(scratchDirectory, $"restore-{Environment.ProcessId}-a");
    private readonly string _second = Path.Combine(scratchDirectory, $"restore-{Environment.ProcessId}-b");

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
            throw new InvalidDataException($"The rebuilt content of \"{System.Text.Encoding.UTF8.GetString(record.Metadata.Path)}\" does not match the SHA-256 recorded at backup time.");
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
        // that spares writing and reading back a scratch copy of the whole file. A delta that moves much
        // back, or too large to hold while it is planned, gets the scratch copy, which the patch seeks in.
        var firstDelta = FetchSmall(locations[1], path);
        var plan = firstDelta is null ? null : ForwardReadPlan.Scan(firstDelta);
        string? basisPath = null;
        if (plan is null || plan.RetainedBytes > MaxRetained)
        {
            plan = null;
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
            using var delta = i == 1 && firstDelta is not null ? Rewind(firstDelta) : data.OpenData(locations[i], path);
            var basisPlan = i == 1 ? plan : null;
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

    private static MemoryStream Rewind(MemoryStream stream)
    {
        stream.Position = 0;
        return stream;
    }

    /// <summary>The data at <paramref name="location"/> read into memory if it is at most <see cref="SmallDelta"/> bytes; otherwise null.</summary>
    private MemoryStream? FetchSmall(DataLocation location, byte[] path)
    {
        using var stored = data.OpenData(location, path);
        var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        for (int read; (read = stored.Read(buffer)) > 0;)
        {
            if (memory.Length + read > SmallDelta)
            {
                return null;
            }

            memory.Write(buffer, 0, read);
        }

        return Rewind(memory);
    }

    public void Dispose()
    {
        if (Directory.Exists(scratchDirectory))
        {
            File.Delete(_first);
            File.Delete(_second);
        }
    }
}
