using System.Buffers;
using System.Security.Cryptography;
using Cairn.Contracts.Recipients;
using Cairn.Format.Crypto;
using Cairn.Format.Entries;
using Cairn.Format.Frames;
using Cairn.Format.Header;
using Cairn.Format.Index;
using Cairn.Format.Records;
using Cairn.Format.Trailer;
using Cairn.Format.Writing;

namespace Cairn.Format;

/// <summary>
/// Writes one volume in a single pass (the output may be a pipe or an upload stream): the header, the
/// entry stream in frames compressed and sealed in parallel, the index, the trailer. Not thread-safe;
/// one entry is open at a time.
/// </summary>
public sealed class ArchiveWriter : IDisposable, IEntryDataSink
{
    private const int DataBufferSize = 64 * 1024;
    private const int MaxDataRecord = 1 << 20;

    private readonly Stream _output;
    private readonly ArchiveKeys _keys;
    private readonly FramePipeline _pipeline;
    private readonly PendingHeader _header;
    private readonly int _frameSize;
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly byte[] _dataBuffer = ArrayPool<byte>.Shared.Rent(DataBufferSize);
    private readonly IndexSpool _pieces;
    private FrameKind _kind = FrameKind.Data;
    private int _fill;
    private int _dataFill;
    private long _nextEntryId;
    private OpenEntry? _open;
    private ArchiveSummary? _summary;
    private bool _disposed;

    /// <summary>
    /// Starts a volume. Its header reaches <paramref name="output"/> before the first frame; when it is
    /// encrypted, the archive key is wrapped for the recipients on a worker thread while the first frames
    /// are compressed (a recipient's error then surfaces from a later call).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (frame size, set id, key lengths, no recipients).</exception>
    /// <exception cref="IOException">Writing the header failed.</exception>
    public ArchiveWriter(Stream output, ArchiveWriterOptions options)
        : this(output, options, firstEntryId: 0)
    {
    }

    internal ArchiveWriter(Stream output, ArchiveWriterOptions options, long firstEntryId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Compressor);
        if (options.FrameSize is < ArchiveHeaderLayout.MinFrameSize or > ArchiveHeaderLayout.MaxFrameSize)
        {
            throw new ArgumentException($"The frame size must be between {ArchiveHeaderLayout.MinFrameSize} and {ArchiveHeaderLayout.MaxFrameSize} bytes.", nameof(options));
        }

        var setId = options.SetId ?? RandomNumberGenerator.GetBytes(ArchiveHeaderLayout.SetIdLength);
        var salt = options.KeySalt ?? RandomNumberGenerator.GetBytes(ArchiveHeaderLayout.KeySaltLength);
        if (setId.Length != ArchiveHeaderLayout.SetIdLength || salt.Length != ArchiveHeaderLayout.KeySaltLength)
        {
            throw new ArgumentException($"The set id must be {ArchiveHeaderLayout.SetIdLength} bytes and the key salt {ArchiveHeaderLayout.KeySaltLength}.", nameof(options));
        }

        _output = output;
        _frameSize = options.FrameSize;
        _nextEntryId = firstEntryId;
        var encryption = options.Encryption;
        Func<IReadOnlyList<RecipientStanza>> wrap = () => [];
        if (encryption is null)
        {
            _keys = ArchiveKeys.Unencrypted;
        }
        else
        {
            var cipher = encryption.Cipher;
            if (encryption.Recipients.Count == 0)
            {
                throw new ArgumentException("An encrypted archive needs at least one recipient.", nameof(options));
            }

            if (cipher.NonceSize < FrameNonce.MinimumSize || cipher.TagSize is < 12 or > 64)
            {
                throw new ArgumentException($"The cipher '{cipher.Id}' has a {cipher.NonceSize}-byte nonce and a {cipher.TagSize}-byte tag; Cairn needs nonces of at least {FrameNonce.MinimumSize} bytes and tags of 12 to 64.", nameof(options));
            }

            var archiveKey = options.ArchiveKey ?? RandomNumberGenerator.GetBytes(cipher.KeySize);
            if (archiveKey.Length != cipher.KeySize)
            {
                throw new ArgumentException($"The archive key must be {cipher.KeySize} bytes for '{cipher.Id}'.", nameof(options));
            }

            _keys = ArchiveKeys.Derive(archiveKey, salt, setId, options.VolumeNumber, cipher.KeySize);
            var recipients = encryption.Recipients.ToArray();
            wrap = () =>
            {
                try
                {
                    return recipients.Select(r => r.Wrap(archiveKey)).ToArray();
                }
                finally
                {
                    if (options.ArchiveKey is null)
                    {
                        CryptographicOperations.ZeroMemory(archiveKey);
                    }
                }
            };
        }

        var keys = _keys;
        _header = new PendingHeader(
            () => ArchiveHeaderLayout.Write(setId, options.VolumeNumber, _frameSize, salt, options.Compressor.Id, encryption?.Cipher.Id, wrap(), options.OptionalFeatures, keys.ComputeHeaderTag),
            inBackground: encryption is not null);
        var header = _header;
        _pipeline = new FramePipeline(output, header, _frameSize, options.Parallelism, () => new FrameCodec(
            options.Compressor.Create(options.CompressionLevel),
            encryption?.Cipher.CreateAead(keys.FrameKey),
            encryption?.Cipher.TagSize ?? 0,
            encryption?.Cipher.NonceSize ?? 0,
            () => header.Header.Digest,
            _frameSize));
        _pieces = new IndexSpool(options.IndexSpoolDirectory);
    }

    /// <summary>The volume's header, as written (waits for the recipients to wrap the archive key).</summary>
    /// <exception cref="Exception">What a recipient threw while wrapping the key.</exception>
    public ArchiveHeader Header => _header.Header;

    /// <summary>Bytes written to the output so far (frames still being compressed are not counted).</summary>
    public long BytesWritten => _pipeline.BytesWritten;

    /// <summary>How many entries this writer has started.</summary>
    public long EntryCount => _pieces.Count + (_open is null ? 0 : 1);

    /// <summary>A size estimate that counts frames in flight at their plaintext size, for rolling volumes.</summary>
    internal long EstimatedLength => _pipeline.BytesWritten + (_pipeline.PendingFrames * _frameSize) + _fill + _dataFill;

    internal long NextEntryId => _nextEntryId;

    /// <summary>Adds an entry with its data read from <paramref name="content"/> to the end (none for directories, links, deleted markers...).</summary>
    /// <exception cref="InvalidOperationException">Another entry is still open, or the volume is finished.</exception>
    /// <exception cref="ArgumentException">The metadata is invalid (empty path, a content hash that is not 32 bytes).</exception>
    public void AddEntry(EntryMetadata metadata, Stream? content)
    {
        using var data = BeginEntry(metadata);
        content?.CopyTo(data, DataBufferSize * 2);
    }

    /// <summary>Starts an entry; write its data to the returned stream and dispose it to end the entry.</summary>
    /// <param name="metadata">The entry's metadata.</param>
    /// <param name="knownDataHash">
    /// The SHA-256 of exactly the bytes that will be written, when the caller already computed it (a backup
    /// hashes each file while reading it): the writer records it instead of hashing the data a second time.
    /// A wrong value makes an archive whose readers report the entry as corrupt.
    /// </param>
    /// <exception cref="InvalidOperationException">Another entry is still open, or the volume is finished.</exception>
    /// <exception cref="ArgumentException">The metadata is invalid (empty path, a content hash that is not 32 bytes).</exception>
    public EntryWriteStream BeginEntry(EntryMetadata metadata, byte[]? knownDataHash = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        StartEntry(metadata, knownDataHash);
        return new EntryWriteStream(this);
    }

    /// <summary>Opens an entry whose data then comes through <see cref="WriteEntryData"/>.</summary>
    internal void StartEntry(EntryMetadata metadata, byte[]? knownDataHash)
    {
        ThrowIfClosed();
        if (knownDataHash is { Length: not 32 })
        {
            throw new ArgumentException("A data hash is a 32-byte SHA-256.", nameof(knownDataHash));
        }

        var entry = new OpenEntry(_nextEntryId, metadata, knownDataHash);
        StartPiece(entry, RecordKind.EntryStart);
        _nextEntryId++;
    }

    /// <summary>Writes the index and the trailer and flushes the output. The output is left open.</summary>
    /// <param name="lastVolume">Marks the volume as the last of its set.</param>
    /// <exception cref="InvalidOperationException">An entry is still open.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public ArchiveSummary Finish(bool lastVolume = true)
    {
        ThrowIfClosed();
        if (_summary is not null)
        {
            return _summary;
        }

        if (_fill > 0)
        {
            _pipeline.Submit(FrameKind.Data, _fill, final: false);
            _fill = 0;
        }

        _pipeline.Drain();
        var indexOffset = _pipeline.BytesWritten;
        var offsets = _pipeline.FrameOffsets;
        var dataFrames = offsets.Count;
        _kind = FrameKind.Index;
        (long, long) Locate(long start, long end) =>
            (offsets[(int)start], end + 1 < dataFrames ? offsets[(int)end + 1] : indexOffset);
        _pieces.Replay(Locate, record => WriteRecord(RecordKind.IndexEntry, record));

        _pipeline.Submit(FrameKind.Index, _fill, final: true);
        _fill = 0;
        _pipeline.Drain();
        var frameCount = _pipeline.FrameOffsets.Count;
        var trailer = new ArchiveTrailer(lastVolume, Header.VolumeNumber, Header.SetId, Header.Length, indexOffset, frameCount - dataFrames, frameCount, _pieces.Count, Header.Digest);
        Span<byte> encoded = stackalloc byte[ArchiveTrailerLayout.Length];
        ArchiveTrailerLayout.Write(trailer, encoded, _keys);
        _output.Write(encoded);
        _output.Flush();
        _summary = new ArchiveSummary(Header.SetId, Header.VolumeNumber, lastVolume, _pipeline.BytesWritten + ArchiveTrailerLayout.Length, frameCount, _pieces.Count, Header.Digest);
        return _summary;
    }

    /// <summary>Stops the worker threads and returns the buffers. Does not finish the volume or close the output.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _header.WaitQuietly();
        _open?.Dispose();
        _pipeline.Dispose();
        _pieces.Dispose();
        _keys.Dispose();
        ArrayPool<byte>.Shared.Return(_dataBuffer);
    }

    void IEntryDataSink.WriteEntryData(ReadOnlySpan<byte> data) => WriteEntryData(data);

    byte[] IEntryDataSink.EndEntry() => EndEntry();

    internal void WriteEntryData(ReadOnlySpan<byte> data)
    {
        var entry = _open ?? throw new InvalidOperationException("The entry has ended.");
        entry.Hash?.AppendData(data);
        entry.DataLength += data.Length;
        if (_dataFill + data.Length <= DataBufferSize)
        {
            data.CopyTo(_dataBuffer.AsSpan(_dataFill));
            _dataFill += data.Length;
            return;
        }

        FlushData();
        while (data.Length >= DataBufferSize)
        {
            var run = data[..Math.Min(data.Length, MaxDataRecord)];
            WriteRecord(RecordKind.EntryData, run);
            data = data[run.Length..];
        }

        data.CopyTo(_dataBuffer);
        _dataFill = data.Length;
    }

    internal byte[] EndEntry()
    {
        var entry = _open ?? throw new InvalidOperationException("No entry is open.");
        FlushData();
        var hash = entry.CompleteHash();
        _body.ResetWrittenCount();
        new EntryEndRecord(entry.Id, entry.DataLength, hash).Write(_body);
        WriteRecord(RecordKind.EntryEnd, _body.WrittenSpan);
        var metadata = entry.Metadata;
        if (metadata is { ContentKind: EntryContentKind.Snapshot, Type: EntryType.File })
        {
            // A file that grew or shrank while being read is recorded as read. A sparse file keeps its
            // logical size: its data is only the regions of its map, and the holes (a trailing one too)
            // come back from the size.
            metadata = metadata.SparseMap is null
                ? metadata with { Size = entry.DataLength, ContentHash = hash }
                : metadata with { ContentHash = hash };
        }

        AddPiece(entry, metadata, continuesInNext: false, hash);
        _open = null;
        entry.Dispose();
        return hash;
    }

    /// <summary>Ends this volume's part of the open entry without ending the entry (a set rolls to its next volume).</summary>
    internal OpenEntry SuspendEntry()
    {
        var entry = _open ?? throw new InvalidOperationException("No entry is open.");
        FlushData();
        AddPiece(entry, entry.Metadata, continuesInNext: true, null);
        _open = null;
        return entry;
    }

    /// <summary>Continues an entry suspended in the previous volume.</summary>
    internal void ResumeEntry(OpenEntry entry)
    {
        ThrowIfClosed();
        entry.ContinuedFromPrevious = true;
        StartPiece(entry, RecordKind.EntryContinue);
    }

    private void StartPiece(OpenEntry entry, RecordKind kind)
    {
        if (_open is not null)
        {
            throw new InvalidOperationException("Another entry is still open: dispose its stream first.");
        }

        _body.ResetWrittenCount();
        new EntryStartRecord(entry.Id, kind == RecordKind.EntryStart ? 0 : entry.DataLength, entry.Metadata).Write(_body);
        if (_fill == _frameSize)
        {
            _pipeline.Submit(_kind, _fill, final: false);
            _fill = 0;
        }

        entry.StartSequence = _pipeline.CurrentSequence;
        entry.StartOffsetInFrame = _fill;
        entry.PieceDataOffset = entry.DataLength;
        WriteRecord(kind, _body.WrittenSpan);
        _open = entry;
    }

    private void AddPiece(OpenEntry entry, EntryMetadata metadata, bool continuesInNext, byte[]? hash) =>
        _pieces.Add(new IndexPiece(
            entry.Id,
            metadata,
            entry.ContinuedFromPrevious,
            continuesInNext,
            entry.StartSequence,
            entry.StartOffsetInFrame,
            _pipeline.CurrentSequence,
            entry.PieceDataOffset,
            entry.DataLength - entry.PieceDataOffset,
            hash));

    private void FlushData()
    {
        if (_dataFill > 0)
        {
            WriteRecord(RecordKind.EntryData, _dataBuffer.AsSpan(0, _dataFill));
            _dataFill = 0;
        }
    }

    private void WriteRecord(RecordKind kind, ReadOnlySpan<byte> body)
    {
        if (body.Length > RecordHeader.MaxBodyLength)
        {
            throw new ArgumentException($"A record of {body.Length} bytes exceeds the format's limit of {RecordHeader.MaxBodyLength} (a path or attribute too large).");
        }

        Span<byte> header = stackalloc byte[RecordHeader.MaxLength];
        WriteFrames(header[..RecordHeader.Write(header, kind, body.Length)]);
        WriteFrames(body);
    }

    /// <summary>Appends bytes to the current frame kind's stream. A full frame is submitted only when more bytes come, so the last one can still be marked final.</summary>
    private void WriteFrames(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_fill == _frameSize)
            {
                _pipeline.Submit(_kind, _fill, final: false);
                _fill = 0;
            }

            var count = Math.Min(bytes.Length, _frameSize - _fill);
            bytes[..count].CopyTo(_pipeline.CurrentBuffer.AsSpan(_fill));
            _fill += count;
            bytes = bytes[count..];
        }
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_summary is not null)
        {
            throw new InvalidOperationException("The volume is finished.");
        }
    }
}
