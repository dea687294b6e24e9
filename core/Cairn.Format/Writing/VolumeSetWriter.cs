using System.Security.Cryptography;
using Cairn.Format.Entries;
using Cairn.Format.Header;
using Cairn.Format.Writing;

namespace Cairn.Format;

/// <summary>
/// Writes a set of volumes, starting a new one once the current one reaches about
/// <c>volumeSize</c> bytes, or holds <see cref="MaxEntriesPerVolume"/> entries; an entry whose data crosses the
/// size limit continues in the next volume. Every volume gets its own random archive key and the set's id; the last
/// is marked as such.
/// </summary>
public sealed class VolumeSetWriter : IDisposable, IEntryDataSink
{
    /// <summary>
    /// The most entries a volume gets before the next begins. A reader holds a volume's index while it reads the volume
    /// (about 150 bytes an entry); by size alone, 500,000 empty or tiny files fit in one 64 MiB volume, whose index
    /// took a restore to 310 MB. At this many entries an index is about 10 MB.
    /// </summary>
    public const int MaxEntriesPerVolume = 65_536;

    private readonly Func<uint, Stream> _openVolume;
    private readonly Action<uint, Stream>? _volumeDone;
    private readonly ArchiveWriterOptions _options;
    private readonly long _volumeSize;
    private readonly List<ArchiveSummary> _summaries = [];
    private ArchiveWriter _current;
    private Stream _currentStream;
    private uint _currentNumber;
    private bool _finished;

    /// <summary>Starts the set by opening its first volume.</summary>
    /// <param name="openVolume">Opens the output for a volume number (the first is <see cref="ArchiveWriterOptions.VolumeNumber"/>).</param>
    /// <param name="volumeDone">Called with each finished volume's stream (to close or upload it), or <see langword="null"/> to dispose it.</param>
    /// <param name="options">How to write; <see cref="ArchiveWriterOptions.SetId"/> is shared by every volume (random when not given).</param>
    /// <param name="volumeSize">The size at which a new volume begins. Volumes end up slightly larger (the index and trailer follow the limit), never much.</param>
    /// <exception cref="ArgumentException">Invalid options, or a volume size under 64 KiB.</exception>
    public VolumeSetWriter(Func<uint, Stream> openVolume, Action<uint, Stream>? volumeDone, ArchiveWriterOptions options, long volumeSize)
    {
        ArgumentNullException.ThrowIfNull(openVolume);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(volumeSize, 64 * 1024);
        _openVolume = openVolume;
        _volumeDone = volumeDone;
        _options = options with { SetId = options.SetId ?? RandomNumberGenerator.GetBytes(ArchiveHeaderLayout.SetIdLength) };
        _volumeSize = volumeSize;
        _currentNumber = options.VolumeNumber;
        _currentStream = openVolume(_currentNumber);
        _current = new ArchiveWriter(_currentStream, _options with { VolumeNumber = _currentNumber }, firstEntryId: 0);
    }

    /// <summary>The set's id.</summary>
    public byte[] SetId => _options.SetId!;

    /// <summary>The summaries of the volumes finished so far.</summary>
    public IReadOnlyList<ArchiveSummary> FinishedVolumes => _summaries;

    /// <summary>Adds an entry with its data read from <paramref name="content"/> to the end.</summary>
    /// <exception cref="InvalidOperationException">Another entry is open, or the set is finished.</exception>
    public void AddEntry(EntryMetadata metadata, Stream? content)
    {
        using var data = BeginEntry(metadata);
        content?.CopyTo(data, 128 * 1024);
    }

    /// <summary>Starts an entry; write its data to the returned stream and dispose it to end the entry.</summary>
    /// <param name="metadata">The entry's metadata.</param>
    /// <param name="knownDataHash">The SHA-256 of exactly the bytes that will be written, when the caller already has it (see <see cref="ArchiveWriter.BeginEntry"/>).</param>
    /// <exception cref="InvalidOperationException">Another entry is open, or the set is finished.</exception>
    public EntryWriteStream BeginEntry(EntryMetadata metadata, byte[]? knownDataHash = null)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        ArgumentNullException.ThrowIfNull(metadata);
        if ((_current.EstimatedLength >= _volumeSize || _current.EntryCount >= MaxEntriesPerVolume) && _current.EntryCount > 0)
        {
            Roll(null);
        }

        _current.StartEntry(metadata, knownDataHash);
        return new EntryWriteStream(this);
    }

    /// <summary>Finishes the last volume (marked as the set's last) and returns every volume's summary.</summary>
    /// <exception cref="InvalidOperationException">An entry is still open.</exception>
    public IReadOnlyList<ArchiveSummary> Finish()
    {
        if (!_finished)
        {
            _summaries.Add(_current.Finish(lastVolume: true));
            CloseCurrent();
            _finished = true;
        }

        return _summaries;
    }

    /// <summary>Stops the current volume's workers. Does not finish it.</summary>
    public void Dispose() => _current.Dispose();

    void IEntryDataSink.WriteEntryData(ReadOnlySpan<byte> data)
    {
        // In slices of a frame, so that a volume overshoots its size by at most about one frame.
        while (!data.IsEmpty)
        {
            var slice = data[..Math.Min(data.Length, _options.FrameSize)];
            _current.WriteEntryData(slice);
            data = data[slice.Length..];
            if (_current.EstimatedLength >= _volumeSize)
            {
                Roll(_current.SuspendEntry());
            }
        }
    }

    byte[] IEntryDataSink.EndEntry() => _current.EndEntry();

    private void Roll(OpenEntry? open)
    {
        _summaries.Add(_current.Finish(lastVolume: false));
        var nextEntryId = _current.NextEntryId;
        CloseCurrent();
        _currentNumber++;
        _currentStream = _openVolume(_currentNumber);
        _current = new ArchiveWriter(_currentStream, _options with { VolumeNumber = _currentNumber }, nextEntryId);
        if (open is not null)
        {
            _current.ResumeEntry(open);
        }
    }

    private void CloseCurrent()
    {
        _current.Dispose();
        if (_volumeDone is null)
        {
            _currentStream.Dispose();
        }
        else
        {
            _volumeDone(_currentNumber, _currentStream);
        }
    }
}
