using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// Writes a set's data volumes: one <see cref="ArchiveWriter"/> per volume, all with the set's id, rolling
/// to the next volume when the current one has reached the volume size at an entry boundary (a file larger
/// than the volume size makes one larger volume). Each finished volume goes to <c>volumeDone</c> at once so
/// that its upload overlaps with writing the next.
/// </summary>
internal sealed class DataVolumeWriter : IDisposable
{
    private readonly Func<uint, Stream> _openVolume;
    private readonly Action<uint, Stream> _volumeDone;
    private readonly ArchiveWriterOptions _options;
    private readonly long _volumeSize;
    private ArchiveWriter? _writer;
    private Stream? _stream;
    private uint _number;

    public DataVolumeWriter(Func<uint, Stream> openVolume, Action<uint, Stream> volumeDone, ArchiveWriterOptions options, long volumeSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(volumeSize, 1L << 16);
        _openVolume = openVolume;
        _volumeDone = volumeDone;
        _options = options;
        _volumeSize = volumeSize;
    }

    /// <summary>The number of the volume the next entry starts in (valid right after <see cref="BeginEntry"/>).</summary>
    public uint CurrentVolume => _number;

    /// <summary>Starts an entry in the current volume, rolling first if that one is full.</summary>
    public Stream BeginEntry(EntryMetadata metadata) => Current().BeginEntry(metadata);

    /// <summary>Adds a whole entry.</summary>
    public void AddEntry(EntryMetadata metadata, Stream? content) => Current().AddEntry(metadata, content);

    /// <summary>Finishes the last volume (there is always at least one).</summary>
    public void Finish()
    {
        var writer = _writer ?? Open();
        writer.Finish(lastVolume: true);
        Close();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose();
        _writer = null;
        _stream = null;
    }

    private ArchiveWriter Current()
    {
        if (_writer is not null && _writer.BytesWritten >= _volumeSize)
        {
            _writer.Finish(lastVolume: false);
            Close();
        }

        return _writer ?? Open();
    }

    private ArchiveWriter Open()
    {
        _number++;
        _stream = _openVolume(_number);
        _writer = new ArchiveWriter(_stream, _options with { VolumeNumber = _number });
        return _writer;
    }

    private void Close()
    {
        var stream = _stream!;
        _writer!.Dispose();
        _writer = null;
        _stream = null;
        _volumeDone(_number, stream);
    }
}
