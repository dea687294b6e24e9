using Cairn.Format.Frames;
using Cairn.Format.Records;

namespace Cairn.Format.Reading;

/// <summary>
/// One volume's part of an entry, read through its index record's frame range and cross-checked against
/// the index. When disposed it gives its last decoded frame and (if it read to the end cleanly) its codec
/// to <paramref name="recycle"/>, so the next entry in the same frame need not decode it again.
/// </summary>
internal sealed class PieceSource(BoundedSource source, FrameCodec codec, FrameReader frames, IndexEntry entry, string name, Action<DecodedFrame?, FrameCodec?> recycle) : EntryDataSource
{
    private bool _disposed;
    private bool _verified;
    private EntryCursor? _cursor;
    private long _read;
    private bool _done;

    public override EntryEndRecord? End => _cursor?.End;

    /// <summary>Reads up to the entry's first record and checks it is the one the index names.</summary>
    public void Start()
    {
        var records = new RecordStream(frames, FrameKind.Data);
        records.SkipInFirstFrame(entry.OffsetInFrame);
        _cursor = new EntryCursor(records);
        var start = _cursor.MoveNext();
        if (start is not { } record || record.EntryId != entry.EntryId || record.DataOffset != entry.DataOffset)
        {
            throw new ArchiveFormatException($"The index points '{name}' at frame {entry.FrameSequence} offset {entry.OffsetInFrame}, which does not hold its entry record.");
        }
    }

    public override int Read(Span<byte> destination)
    {
        if (_done || _cursor is null)
        {
            return 0;
        }

        var read = _cursor.ReadData(destination);
        _read += read;
        if (read > 0)
        {
            if (_read > entry.DataLength)
            {
                throw new ArchiveFormatException($"'{name}' holds more data than its index record's {entry.DataLength} bytes.");
            }

            return read;
        }

        _done = true;
        var end = _cursor.End;
        var matches = end is null
            ? entry.ContinuesInNextVolume
            : !entry.ContinuesInNextVolume && end.Value.DataLength == entry.DataOffset + entry.DataLength && end.Value.DataHash.AsSpan().SequenceEqual(entry.DataHash);
        if (_read != entry.DataLength || !matches)
        {
            throw new ArchiveFormatException($"The data of '{name}' does not match its index record ({_read} bytes read, {entry.DataLength} indexed).");
        }

        _verified = true;
        return 0;
    }

    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var cleanEnd = _verified;
        recycle(frames.DetachLastFrame(), cleanEnd ? codec : null);
        frames.Dispose();
        if (!cleanEnd)
        {
            codec.Dispose();
        }

        source.Dispose();
    }
}
