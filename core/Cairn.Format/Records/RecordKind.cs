namespace Cairn.Format.Records;

/// <summary>
/// The kinds of records in the entry stream and the index. 0x01-0x7F are critical (a decoder that does
/// not know one rejects the volume); 0x80-0xFF are ancillary (skipped when unknown). Never renumber.
/// </summary>
internal enum RecordKind : byte
{
    /// <summary>An entry begins: entry id, data offset 0, metadata.</summary>
    EntryStart = 0x01,

    /// <summary>A run of the current entry's data.</summary>
    EntryData = 0x02,

    /// <summary>The current entry ends: entry id, data length, SHA-256 of the data.</summary>
    EntryEnd = 0x03,

    /// <summary>An entry begun in the previous volume continues: entry id, data offset so far, metadata.</summary>
    EntryContinue = 0x04,

    /// <summary>One index record (index frames only).</summary>
    IndexEntry = 0x10,
}
