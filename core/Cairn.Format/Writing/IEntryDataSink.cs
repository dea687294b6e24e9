namespace Cairn.Format.Writing;

/// <summary>Where an <see cref="EntryWriteStream"/> sends an entry's data.</summary>
internal interface IEntryDataSink
{
    void WriteEntryData(ReadOnlySpan<byte> data);

    void EndEntry();
}
