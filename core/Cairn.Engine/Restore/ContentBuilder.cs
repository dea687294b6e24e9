using Cairn.Delta;
using Cairn.Engine.Catalogue;

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

    /// <summary>Writes the content of <paramref name="record"/> to <paramref name="destination"/>.</summary>
    public void Write(CatalogueRecord record, Stream destination)
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
