using Cairn.Contracts.Recipients;
using Cairn.Format.Frames;
using Cairn.Format.Header;
using Cairn.Format.Index;
using Cairn.Format.Records;
using Cairn.Format.Trailer;

namespace Cairn.Format.Reading;

/// <summary>
/// One volume read front to back from a forward-only stream: the header, the entry stream, then the
/// index and the trailer, which are checked against everything read before them.
/// </summary>
internal sealed class SequentialVolume : IDisposable
{
    private const int ReadBuffer = 4 << 20;
    private readonly BoundedSource _source;
    private readonly VolumeUnlocker _unlocker;
    private readonly FrameCodec _codec;
    private readonly FrameReader _frames;

    private SequentialVolume(BoundedSource source, ArchiveHeader header, VolumeUnlocker unlocker)
    {
        _source = source;
        Header = header;
        _unlocker = unlocker;
        _codec = unlocker.CreateCodec();
        _frames = new FrameReader(source, _codec, header.FrameSize, 0);
        Cursor = new EntryCursor(new RecordStream(_frames, FrameKind.Data));
    }

    public ArchiveHeader Header { get; }

    public EntryCursor Cursor { get; }

    public static SequentialVolume Open(Stream input, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        var source = new BoundedSource(input, 0, long.MaxValue, ReadBuffer, seek: false);
        try
        {
            var header = ArchiveReader.ReadHeader(source);
            return new SequentialVolume(source, header, VolumeUnlocker.Unlock(header, algorithms, identities));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>After the entry stream: reads the index and the trailer and checks them against the volume.</summary>
    public ArchiveTrailer Finish()
    {
        if (_frames.PeekHeader() is not { Kind: FrameKind.Index })
        {
            throw new ArchiveFormatException("volume", _source.Position, "the entry stream does not end with an index");
        }

        var indexOffset = _frames.PeekedOffset;
        var dataFrames = _frames.NextSequence;
        var records = new RecordStream(_frames, FrameKind.Index);
        long entries = 0;
        while (records.TryReadRecordHeader(out var kind, out var length))
        {
            if (kind == (byte)RecordKind.IndexEntry)
            {
                var body = new byte[length];
                records.ReadExactly(body);
                IndexEntryLayout.Read(body, Header.Length, indexOffset, dataFrames, Header.FrameSize);
                entries++;
            }
            else if (RecordHeader.IsAncillary(kind))
            {
                records.Skip(length);
            }
            else
            {
                throw new ArchiveFormatException("index", indexOffset, $"record kind 0x{kind:x2} does not belong in the index");
            }
        }

        if (!_frames.SawFinal)
        {
            throw new ArchiveFormatException("index", indexOffset, "does not end with the final frame: cut off, or followed by stray frames");
        }

        var trailerOffset = _source.Position;
        var bytes = _source.Take(ArchiveTrailerLayout.Length, "trailer");
        var trailer = ArchiveTrailerLayout.Read(bytes, trailerOffset, -1);
        ArchiveTrailerLayout.VerifyTag(bytes, trailerOffset, _unlocker.Keys, Header.IsEncrypted);
        if (!trailer.HeaderDigest.AsSpan().SequenceEqual(Header.Digest) || trailer.HeaderLength != Header.Length || trailer.IndexOffset != indexOffset
            || trailer.FrameCount != _frames.NextSequence || trailer.IndexFrameCount != _frames.NextSequence - dataFrames || trailer.EntryCount != entries)
        {
            throw new ArchiveFormatException("trailer", trailerOffset, "does not match the volume it ends (header, frame or entry counts)");
        }

        return trailer;
    }

    public void Dispose()
    {
        _frames.Dispose();
        _codec.Dispose();
        _unlocker.Dispose();
        _source.Dispose();
    }
}
