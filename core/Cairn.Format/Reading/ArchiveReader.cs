using Cairn.Contracts.Recipients;
using Cairn.Format.Entries;
using Cairn.Format.Frames;
using Cairn.Format.Header;
using Cairn.Format.Index;
using Cairn.Format.Reading;
using Cairn.Format.Records;
using Cairn.Format.Trailer;

namespace Cairn.Format;

/// <summary>
/// Random access to one volume over a seekable stream. <see cref="Open"/> reads the trailer, the header
/// and the index (three reads); <see cref="OpenData"/> reads only the frames of the entry asked for.
/// Not thread-safe; the streams it returns share the volume stream, each seeking to its own position.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private const int MaxReadBuffer = 16 << 20;
    private const int ReadAheadFrames = 3;
    private readonly Stream _stream;
    private readonly VolumeUnlocker _unlocker;
    private readonly bool _leaveOpen;
    private DecodedFrame? _lastFrame;
    private FrameCodec? _spareCodec;

    private readonly CompactIndex _index;
    private IReadOnlyList<IndexEntry>? _entries;

    private ArchiveReader(Stream stream, ArchiveHeader header, ArchiveTrailer trailer, VolumeUnlocker unlocker, CompactIndex index, bool leaveOpen)
    {
        _stream = stream;
        Header = header;
        Trailer = trailer;
        _unlocker = unlocker;
        _index = index;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The volume's header.</summary>
    public ArchiveHeader Header { get; }

    /// <summary>The volume's trailer.</summary>
    public ArchiveTrailer Trailer { get; }

    /// <summary>
    /// The index: every entry (or part of an entry) in the volume, in the order written. Decoded as a whole on first
    /// use; a caller that looks up a few entries of a large index uses <see cref="EntryCount"/>, <see cref="EntryPath"/>,
    /// <see cref="EntryAt"/> and <see cref="OpenDataAt"/> instead, which keep it encoded.
    /// </summary>
    public IReadOnlyList<IndexEntry> Entries => _entries ??= Enumerable.Range(0, _index.Count).Select(i => _index[i]).ToList();

    /// <summary>How many entries the index holds.</summary>
    public int EntryCount => _index.Count;

    /// <summary>The path of the entry at <paramref name="position"/> in the index, without decoding the entry.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is not below <see cref="EntryCount"/>.</exception>
    public ReadOnlySpan<byte> EntryPath(int position) => _index.PathAt(position);

    /// <summary>The entry at <paramref name="position"/> in the index, decoded (a new object on each call).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is not below <see cref="EntryCount"/>.</exception>
    public IndexEntry EntryAt(int position) => _index[position];

    /// <summary>Opens a volume: reads and checks the trailer, the header and the index.</summary>
    /// <param name="seekable">The volume; must be seekable and know its length.</param>
    /// <param name="algorithms">Resolves the compressor and cipher the header names.</param>
    /// <param name="identities">Keys or passphrases to try on an encrypted volume (may be empty for an unencrypted one).</param>
    /// <param name="leaveOpen">Leave <paramref name="seekable"/> open when the reader is disposed.</param>
    /// <exception cref="ArchiveFormatException">Not a Cairn volume, an unsupported version or feature, a damaged or truncated volume, a missing plugin.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">No identity opens the volume, or it was altered.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static ArchiveReader Open(Stream seekable, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        var (header, trailer) = ReadFrame(seekable, crossCheck: false);
        var unlocker = VolumeUnlocker.Unlock(header, algorithms, identities);
        try
        {
            // Authenticate first, cross-check after: tampering is reported as such, not as a format error.
            Span<byte> trailerBytes = stackalloc byte[ArchiveTrailerLayout.Length];
            var trailerOffset = seekable.Length - ArchiveTrailerLayout.Length;
            ReadAt(seekable, trailerOffset, trailerBytes);
            ArchiveTrailerLayout.VerifyTag(trailerBytes, trailerOffset, unlocker.Keys, header.IsEncrypted);
            CrossCheck(header, trailer, trailerOffset);
            var entries = ReadIndex(seekable, header, trailer, unlocker, trailerOffset);
            return new ArchiveReader(seekable, header, trailer, unlocker, entries, leaveOpen);
        }
        catch
        {
            unlocker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads just the header from the start of <paramref name="input"/> (any stream, read forward; at most
    /// a few hundred bytes past the header): the identity, algorithms and recipient stanzas anyone can see.
    /// Its tag is not checked, as that needs the archive key: treat the result as untrusted.
    /// </summary>
    /// <exception cref="ArchiveFormatException">Not a Cairn volume, an unsupported version, a damaged or cut-off header.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static ArchiveHeader ReadHeader(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var source = new BoundedSource(input, 0, long.MaxValue, ArchiveHeaderLayout.FixedLength, seek: false);
        return ReadHeader(source);
    }

    /// <summary>
    /// Whether one of <paramref name="identities"/> opens a volume with this header (the archive key unwrapped
    /// and the header's tag authenticated with it). Identities that keep what they derive (a passphrase's
    /// Argon2id) keep it, so a later <see cref="Open"/> of a volume with the same stanza is quick.
    /// </summary>
    /// <exception cref="ArchiveFormatException">An unknown algorithm, or an unencrypted header whose checksum does not match.</exception>
    public static bool Opens(ArchiveHeader header, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(header);
        try
        {
            VolumeUnlocker.Unlock(header, algorithms, identities).Dispose();
            return true;
        }
        catch (Contracts.Ciphers.AuthenticationFailedException)
        {
            return false;
        }
    }

    /// <summary>Takes the header from the front of <paramref name="source"/>: its fixed part, then the length that part gives.</summary>
    internal static ArchiveHeader ReadHeader(BoundedSource source)
    {
        var length = ArchiveHeaderLayout.ReadLength(source.Peek(ArchiveHeaderLayout.FixedLength, "header"));
        return ArchiveHeaderLayout.Read(source.Take(length, "header"));
    }

    /// <summary>What a volume shows without its key: header, trailer (not yet authenticated) and every frame header.</summary>
    /// <exception cref="ArchiveFormatException">Not a Cairn volume, or damaged where it was read.</exception>
    public static (ArchiveHeader Header, ArchiveTrailer Trailer, IReadOnlyList<FrameInfo> Frames) ReadLayout(Stream seekable)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        var (header, trailer) = ReadFrame(seekable, crossCheck: true);
        var frames = new List<FrameInfo>();
        var offset = (long)header.Length;
        var end = seekable.Length - ArchiveTrailerLayout.Length;
        var overhead = -1;
        Span<byte> raw = stackalloc byte[FrameHeader.Length];
        while (offset < end)
        {
            ReadAt(seekable, offset, raw);
            if (overhead < 0)
            {
                // The payload overhead is the tag size, which only the cipher knows; infer it from the first frame.
                var payload = BitConverter.ToInt64(raw[24..]);
                var plain = BitConverter.ToInt64(raw[16..]);
                overhead = (raw[5] & 2) != 0 ? (int)Math.Clamp(payload - plain, 0, 64) : header.IsEncrypted ? 16 : FrameCodec.ChecksumLength;
            }

            var frame = FrameHeader.Read(raw, offset, header.FrameSize, overhead);
            frames.Add(frame.ToInfo(offset));
            offset += FrameHeader.Length + frame.PayloadLength;
        }

        return (header, trailer, frames);
    }

    /// <summary>
    /// Opens the data of <paramref name="entry"/> (one of <see cref="Entries"/>): reads only that entry's
    /// frames, in one pass. The stream checks the data's SHA-256 at its end when the entry starts in this volume.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not from this reader.</exception>
    /// <exception cref="ArchiveFormatException">The frames do not hold what the index says (damage), read while streaming.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">A frame does not authenticate, read while streaming.</exception>
    public Stream OpenData(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ReadStreamOf(OpenPiece(entry), entry);
    }

    /// <summary>Opens the data of the entry at <paramref name="position"/> in the index, as <see cref="OpenData(IndexEntry)"/> does.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is not below <see cref="EntryCount"/>.</exception>
    /// <exception cref="ArchiveFormatException">The frames do not hold what the index says (damage), read while streaming.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">A frame does not authenticate, read while streaming.</exception>
    public Stream OpenDataAt(int position)
    {
        var entry = _index[position];
        return ReadStreamOf(OpenCheckedPiece(entry), entry);
    }

    private static EntryReadStream ReadStreamOf(PieceSource piece, IndexEntry entry) =>
        new(piece, !entry.ContinuesFromPreviousVolume, DisplayName(entry));

    /// <summary>Disposes the stream unless the reader was opened with leaveOpen.</summary>
    public void Dispose()
    {
        ReleaseLastFrame();
        _spareCodec?.Dispose();
        _spareCodec = null;
        _index.Dispose();
        _unlocker.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Whether <paramref name="entry"/> is one of <see cref="Entries"/> (ids ascend in an index: a binary search, not a scan per entry).</summary>
    private bool IsFromIndex(IndexEntry entry)
    {
        int low = 0, high = Entries.Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            long id = Entries[middle].EntryId;
            if (id == entry.EntryId)
            {
                return ReferenceEquals(Entries[middle], entry);
            }

            (low, high) = id < entry.EntryId ? (middle + 1, high) : (low, middle - 1);
        }

        return false;
    }

    internal PieceSource OpenPiece(IndexEntry entry)
    {
        if (!IsFromIndex(entry))
        {
            throw new ArgumentException("The entry is not from this volume's index.", nameof(entry));
        }

        return OpenCheckedPiece(entry);
    }

    /// <summary>Opens a piece of an entry known to be this volume's: its locations were checked against this volume's bounds.</summary>
    private PieceSource OpenCheckedPiece(IndexEntry entry)
    {
        // An entry that starts in the frame the previous entry ended in reuses that decoded frame.
        var preloaded = _lastFrame is { } last && last.Header.Sequence == entry.FrameSequence && last.Offset == entry.FrameOffset ? last : null;
        if (preloaded is not null)
        {
            _lastFrame = null;
        }

        var start = preloaded?.EndOffset ?? entry.FrameOffset;
        var length = entry.EndOffset - start;
        var capacity = (int)Math.Clamp(length, 1, Math.Max(MaxReadBuffer, FrameCodec.MaxFrameLength(Header.FrameSize, 64)));
        var source = new BoundedSource(_stream, start, entry.EndOffset, capacity, seek: true);
        var codec = _spareCodec ?? _unlocker.CreateCodec();
        _spareCodec = null;
        // A long read decodes its frames on a second thread, ahead of the caller.
        var decodeAhead = length > ReadAheadFrames * (long)Header.FrameSize;
        var frames = new FrameReader(source, codec, Header.FrameSize, entry.FrameSequence, preloaded, decodeAhead);
        var piece = new PieceSource(source, codec, frames, entry, DisplayName(entry), Recycle);
        try
        {
            piece.Start();
            return piece;
        }
        catch
        {
            piece.Dispose();
            throw;
        }
    }

    /// <summary>Keeps a closed piece's last decoded frame (if any) and its codec (if it ended cleanly) for the next piece.</summary>
    private void Recycle(DecodedFrame? frame, FrameCodec? codec)
    {
        if (frame is not null)
        {
            ReleaseLastFrame();
            _lastFrame = frame;
        }

        if (codec is not null && _spareCodec is null)
        {
            _spareCodec = codec;
        }
        else
        {
            codec?.Dispose();
        }
    }

    private void ReleaseLastFrame()
    {
        if (_lastFrame is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_lastFrame.Plaintext);
            _lastFrame = null;
        }
    }

    private static string DisplayName(IndexEntry entry) => PathDisplay.Of(entry.Metadata.Path);

    private static (ArchiveHeader Header, ArchiveTrailer Trailer) ReadFrame(Stream seekable, bool crossCheck)
    {
        if (!seekable.CanSeek)
        {
            throw new ArgumentException("Random access needs a seekable stream; use SequentialArchiveReader for pipes.", nameof(seekable));
        }

        var length = seekable.Length;
        if (length < ArchiveHeaderLayout.FixedLength + ArchiveHeaderLayout.TagLength + ArchiveTrailerLayout.Length)
        {
            throw new ArchiveFormatException("volume", 0, $"{length} bytes is too short to be a Cairn volume");
        }

        Span<byte> trailerBytes = stackalloc byte[ArchiveTrailerLayout.Length];
        var trailerOffset = length - ArchiveTrailerLayout.Length;
        ReadAt(seekable, trailerOffset, trailerBytes);
        var trailer = ArchiveTrailerLayout.Read(trailerBytes, trailerOffset, length);
        var headerBytes = new byte[trailer.HeaderLength];
        ReadAt(seekable, 0, headerBytes);
        var header = ArchiveHeaderLayout.Read(headerBytes);
        if (crossCheck)
        {
            CrossCheck(header, trailer, trailerOffset);
        }

        return (header, trailer);
    }

    private static void CrossCheck(ArchiveHeader header, ArchiveTrailer trailer, long trailerOffset)
    {
        if (!header.Digest.AsSpan().SequenceEqual(trailer.HeaderDigest) || !header.SetId.AsSpan().SequenceEqual(trailer.SetId) || header.VolumeNumber != trailer.VolumeNumber)
        {
            throw new ArchiveFormatException("trailer", trailerOffset, "does not belong to this volume's header (a spliced or damaged volume)");
        }
    }

    private static CompactIndex ReadIndex(Stream stream, ArchiveHeader header, ArchiveTrailer trailer, VolumeUnlocker unlocker, long trailerOffset)
    {
        var indexLength = trailerOffset - trailer.IndexOffset;
        var capacity = (int)Math.Clamp(indexLength, 1, Math.Max(MaxReadBuffer, FrameCodec.MaxFrameLength(header.FrameSize, 64)));
        using var source = new BoundedSource(stream, trailer.IndexOffset, trailerOffset, capacity, seek: true);
        using var codec = unlocker.CreateCodec();
        using var frames = new FrameReader(source, codec, header.FrameSize, trailer.DataFrameCount);
        var records = new RecordStream(frames, FrameKind.Index);
        var entries = new CompactIndex(header.Length, trailer.IndexOffset, trailer.DataFrameCount, header.FrameSize);
        try
        {
            var body = Array.Empty<byte>();
            var lastId = -1L;
            while (records.TryReadRecordHeader(out var kind, out var length))
            {
                if (kind == (byte)RecordKind.IndexEntry)
                {
                    if (entries.Count >= trailer.EntryCount)
                    {
                        throw new ArchiveFormatException("index", trailer.IndexOffset, $"holds more than the {trailer.EntryCount} records the trailer announces");
                    }

                    if (body.Length < length)
                    {
                        body = new byte[Math.Max(length, 256)];
                    }

                    var record = body.AsSpan(0, length);
                    records.ReadExactly(record);
                    var id = entries.Add(record); // its path and locations checked; the rest when it is decoded
                    if (id <= lastId)
                    {
                        throw new ArchiveFormatException("index", trailer.IndexOffset, $"entry id {id} follows entry id {lastId}: ids must ascend");
                    }

                    lastId = id;
                }
                else if (RecordHeader.IsAncillary(kind))
                {
                    records.Skip(length);
                }
                else
                {
                    throw new ArchiveFormatException("index", trailer.IndexOffset, $"record kind 0x{kind:x2} does not belong in the index");
                }
            }

            if (frames.PeekHeader() is { } stray)
            {
                throw new ArchiveFormatException("index", source.Position, $"a {stray.Kind} frame inside the index");
            }

            if (!frames.SawFinal || frames.FramesRead != trailer.IndexFrameCount || source.Position != trailerOffset)
            {
                throw new ArchiveFormatException("index", trailer.IndexOffset, $"cut off or padded: {frames.FramesRead} of {trailer.IndexFrameCount} index frames, final frame {(frames.SawFinal ? "seen" : "missing")}");
            }

            if (entries.Count != trailer.EntryCount)
            {
                throw new ArchiveFormatException("index", trailer.IndexOffset, $"holds {entries.Count} records, the trailer announces {trailer.EntryCount}");
            }

            return entries;
        }
        catch
        {
            entries.Dispose();
            throw;
        }
    }

    private static void ReadAt(Stream stream, long offset, Span<byte> destination)
    {
        stream.Position = offset;
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException ex)
        {
            throw new ArchiveFormatException("volume", offset, $"ends before {destination.Length} bytes could be read: truncated ({ex.Message})");
        }
    }
}
