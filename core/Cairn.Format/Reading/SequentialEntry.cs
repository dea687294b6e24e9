using Cairn.Format.Entries;

namespace Cairn.Format;

/// <summary>
/// An entry met while reading an archive front to back. <see cref="Data"/> is valid until the next
/// entry is requested; data not read by then is read and checked anyway.
/// </summary>
public sealed class SequentialEntry
{
    internal SequentialEntry(long entryId, EntryMetadata metadata, long dataOffset, uint volumeNumber, Stream data)
    {
        EntryId = entryId;
        Metadata = metadata;
        DataOffset = dataOffset;
        VolumeNumber = volumeNumber;
        Data = data;
    }

    /// <summary>The entry's id in its set.</summary>
    public long EntryId { get; }

    /// <summary>The metadata written before the data (a file's size is the size declared before reading it; the index has the actual one).</summary>
    public EntryMetadata Metadata { get; }

    /// <summary>0, unless reading began in the middle of this entry (its first volumes are missing): then how many bytes precede <see cref="Data"/>.</summary>
    public long DataOffset { get; }

    /// <summary>The volume the entry starts in.</summary>
    public uint VolumeNumber { get; }

    /// <summary>The entry's data, following it across volumes; its SHA-256 is checked at its end.</summary>
    public Stream Data { get; }

    /// <summary>Deconstructs into metadata and data: <c>foreach (var (metadata, data) in ...)</c>.</summary>
    public void Deconstruct(out EntryMetadata metadata, out Stream data)
    {
        metadata = Metadata;
        data = Data;
    }
}
