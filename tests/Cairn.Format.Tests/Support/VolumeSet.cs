using Cairn.Format.Entries;

namespace Cairn.Format.Tests.Support;

/// <summary>Writes a volume set into memory, one byte array per volume.</summary>
internal static class VolumeSet
{
    public static List<byte[]> Write(ArchiveWriterOptions options, long volumeSize, IEnumerable<(EntryMetadata Metadata, byte[]? Data)> entries)
    {
        var volumes = new List<byte[]>();
        using var writer = new VolumeSetWriter(_ => new MemoryStream(), (_, stream) => volumes.Add(((MemoryStream)stream).ToArray()), options, volumeSize);
        foreach (var (metadata, data) in entries)
        {
            writer.AddEntry(metadata, data is null ? null : new MemoryStream(data));
        }

        writer.Finish();
        return volumes;
    }

    public static VolumeSetReader Open(IReadOnlyList<byte[]> volumes, bool encrypted = true) =>
        VolumeSetReader.Open(n => new MemoryStream(volumes[(int)n - 1], writable: false), TestAlgorithms.All, TestArchive.Identities(encrypted));
}
