using System.Buffers;
using Cairn.Format.Records;

namespace Cairn.Format.Reading;

/// <summary>
/// Walks the entry records of one volume's entry stream: an entry-start (or entry-continue) record,
/// its data records, its entry-end record. Unknown ancillary records are skipped; anything else out of
/// place is an <see cref="ArchiveFormatException"/>.
/// </summary>
internal sealed class EntryCursor(RecordStream records)
{
    private long _remainingInRecord;
    private bool _inData;

    /// <summary>The entry being read.</summary>
    public EntryStartRecord? Current { get; private set; }

    /// <summary>The current entry's end record, once its data is read; <see langword="null"/> when the data ran to the end of the volume.</summary>
    public EntryEndRecord? End { get; private set; }

    /// <summary>Moves to the next entry; <see langword="null"/> at the end of the entry stream.</summary>
    public EntryStartRecord? MoveNext()
    {
        if (_inData)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (ReadData(scratch) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        Current = null;
        End = null;
        while (records.TryReadRecordHeader(out var kind, out var length))
        {
            switch ((RecordKind)kind)
            {
                case RecordKind.EntryStart or RecordKind.EntryContinue:
                    var body = ReadBody(length);
                    Current = EntryStartRecord.Read(body, kind == (byte)RecordKind.EntryContinue, -1);
                    _inData = true;
                    _remainingInRecord = 0;
                    return Current;
                default:
                    SkipOrReject(kind, length, "an entry-start record");
                    break;
            }
        }

        return null;
    }

    /// <summary>Reads the current entry's data; 0 once it ends (see <see cref="End"/>).</summary>
    public int ReadData(Span<byte> destination)
    {
        while (_inData)
        {
            if (_remainingInRecord > 0)
            {
                var read = records.Read(destination[..(int)Math.Min(destination.Length, _remainingInRecord)]);
                if (read == 0)
                {
                    throw new ArchiveFormatException($"A data record runs past the end of the entry stream (at {records.Where}).");
                }

                _remainingInRecord -= read;
                return read;
            }

            if (!records.TryReadRecordHeader(out var kind, out var length))
            {
                _inData = false; // the entry goes on in the next volume
                return 0;
            }

            switch ((RecordKind)kind)
            {
                case RecordKind.EntryData:
                    _remainingInRecord = length;
                    break;
                case RecordKind.EntryEnd:
                    var end = EntryEndRecord.Read(ReadBody(length), -1);
                    if (end.EntryId != Current!.Value.EntryId)
                    {
                        throw new ArchiveFormatException($"Entry {Current.Value.EntryId} is closed by the end record of entry {end.EntryId} (at {records.Where}).");
                    }

                    End = end;
                    _inData = false;
                    return 0;
                default:
                    SkipOrReject(kind, length, "a data or entry-end record");
                    break;
            }
        }

        return 0;
    }

    private byte[] ReadBody(int length)
    {
        var body = new byte[length];
        records.ReadExactly(body);
        return body;
    }

    private void SkipOrReject(byte kind, int length, string expected)
    {
        if (!RecordHeader.IsAncillary(kind))
        {
            throw new ArchiveFormatException(RecordHeader.IsKnown(kind)
                ? $"Record kind 0x{kind:x2} found where {expected} belongs (at {records.Where})."
                : $"Unknown critical record kind 0x{kind:x2} (at {records.Where}): written by a newer Cairn.");
        }

        records.Skip(length);
    }
}
