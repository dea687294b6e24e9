namespace Cairn.Format.Writing;

/// <summary>Where an <see cref="EntryWriteStream"/> sends an entry's data.</summary>
internal interface IEntryDataSink
{
    void WriteEntryData(ReadOnlySpan<byte> data);

    /// <summary>Ends the entry; returns the SHA-256 of its whole data.</summary>
    byte[] EndEntry();
}
