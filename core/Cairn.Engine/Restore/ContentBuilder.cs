using Cairn.Delta;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Restore;

/// <summary>
/// Rebuilds a file's content as of a set: its snapshot, then each delta applied forward. Intermediate
/// versions go to two temporary files that alternate as basis and output; the last step streams into
/// the destination.
/// </summary>
internal sealed class ContentBuilder(SetDataReader data, string scratchDirectory) : IDisposable
{
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

        Directory.CreateDirectory(scratchDirectory);
        using (var snapshot = data.OpenData(locations[0], path))
        using (var file = new FileStream(_first, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            snapshot.CopyTo(file, 1 << 20);
        }

        var basisPath = _first;
        var outputPath = _second;
        for (var i = 1; i < locations.Count; i++)
        {
            using var basis = new FileStream(basisPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            using var delta = data.OpenData(locations[i], path);
            if (i == locations.Count - 1)
            {
                DeltaPatcher.Apply(basis, delta, destination);
            }
            else
            {
                using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                DeltaPatcher.Apply(basis, delta, output);
                (basisPath, outputPath) = (outputPath, basisPath);
            }
        }
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
