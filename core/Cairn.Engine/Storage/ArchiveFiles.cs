using System.Text;
using Cairn.Contracts.Recipients;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Storage;

/// <summary>
/// The small archive shapes the engine uses besides data volumes: one-entry archives (manifest,
/// catalogue) and whole-archive re-encoding (signatures: plaintext in the cache, encrypted on the target).
/// </summary>
internal static class ArchiveFiles
{
    /// <summary>Writes an archive holding one entry named <paramref name="entryName"/> with <paramref name="content"/>.</summary>
    /// <returns>The SHA-256 of the content, which the archive's writer computes for the entry anyway.</returns>
    public static byte[] WriteSingleEntry(Stream output, ArchiveWriterOptions options, string entryName, Stream content)
    {
        using var writer = new ArchiveWriter(output, options);
        var metadata = new EntryMetadata
        {
            Path = Encoding.UTF8.GetBytes(entryName),
            Type = EntryType.File,
            Mode = 0b110_000_000,
            Size = content.CanSeek ? content.Length - content.Position : 0,
        };
        var data = writer.BeginEntry(metadata);
        using (data)
        {
            content.CopyTo(data, 1 << 17);
        }

        writer.Finish(lastVolume: true);
        return data.DataHash!;
    }

    /// <summary>Copies the data of the one entry named <paramref name="entryName"/> of an archive to <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The archive has no such entry, or is corrupt.</exception>
    public static void ReadSingleEntry(Stream archive, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities, string entryName, Stream destination)
    {
        using var reader = ArchiveReader.Open(archive, algorithms, identities);
        var wanted = Encoding.UTF8.GetBytes(entryName);
        foreach (var entry in reader.Entries)
        {
            if (entry.Metadata.Path.AsSpan().SequenceEqual(wanted))
            {
                using var data = reader.OpenData(entry);
                data.CopyTo(destination);
                return;
            }
        }

        throw new InvalidDataException($"The archive has no entry \"{entryName}\".");
    }

    /// <summary>
    /// Re-encodes every entry of <paramref name="source"/> into a new archive with other options (encrypt or
    /// decrypt). Reads the source sequentially, so its index is never held in memory.
    /// </summary>
    public static void Transcode(Stream source, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities, Stream output, ArchiveWriterOptions options)
    {
        using var writer = new ArchiveWriter(output, options);
        foreach (var entry in SequentialArchiveReader.Read(source, algorithms, identities))
        {
            writer.AddEntry(entry.Metadata, entry.Data);
        }

        writer.Finish(lastVolume: true);
    }
}
