using System.Buffers;
using Cairn.Format.Frames;

namespace Cairn.Format.Reading;

/// <summary>
/// Reads frames one after another from a <see cref="BoundedSource"/>, checking that sequence numbers
/// run on from <c>firstSequence</c> and that nothing follows the final frame; decodes each into a
/// rented plaintext buffer. Ancillary frame kinds are authenticated and skipped. It may start from a
/// <see cref="DecodedFrame"/> (then the source starts after that frame) and hand its last decoded frame on
/// (<see cref="DetachLastFrame"/>), so that entries sharing a frame decode it once. For a long range it
/// can leave reading and decoding to a <see cref="FrameReadAhead"/> thread.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly BoundedSource _source;
    private readonly FrameCodec _codec;
    private readonly int _frameSize;
    private readonly byte[] _rawHeader = new byte[FrameHeader.Length];
    private byte[]? _plaintext;
    private FrameHeader? _peeked;
    private long _peekedOffset;
    private DecodedFrame? _preloaded;
    private FrameReadAhead? _ahead;
    private (FrameHeader Header, long Offset, long EndOffset)? _lastDecoded;

    /// <param name="source">The frames, from the first one to read (after <paramref name="preloaded"/> if given).</param>
    /// <param name="codec">Authenticates and decodes each frame.</param>
    /// <param name="frameSize">The volume's frame size.</param>
    /// <param name="firstSequence">The sequence number of the first frame (of <paramref name="preloaded"/> if given).</param>
    /// <param name="preloaded">The first frame, already decoded; the reader takes ownership of its buffer.</param>
    /// <param name="decodeAhead">Read and decode the frames after <paramref name="preloaded"/> on a second thread.</param>
    public FrameReader(BoundedSource source, FrameCodec codec, int frameSize, long firstSequence, DecodedFrame? preloaded = null, bool decodeAhead = false)
    {
        _source = source;
        _codec = codec;
        _frameSize = frameSize;
        NextSequence = firstSequence;
        if (preloaded is not null)
        {
            _preloaded = preloaded;
            _plaintext = preloaded.Plaintext;
            _peeked = preloaded.Header;
            _peekedOffset = preloaded.Offset;
        }
        else
        {
            _plaintext = ArrayPool<byte>.Shared.Rent(frameSize);
        }

        if (decodeAhead)
        {
            _ahead = new FrameReadAhead(source, codec, frameSize, firstSequence + (preloaded is null ? 0 : 1));
        }
    }

    /// <summary>The sequence number the next frame must have.</summary>
    public long NextSequence { get; private set; }

    /// <summary>True once the final frame has been read.</summary>
    public bool SawFinal { get; private set; }

    /// <summary>The offset of the frame <see cref="PeekHeader"/> returned.</summary>
    public long PeekedOffset => _peekedOffset;

    /// <summary>The buffer <see cref="Decode"/> fills (from index 0).</summary>
    public byte[] PlaintextBuffer => _plaintext ?? throw new ObjectDisposedException(nameof(FrameReader));

    /// <summary>Frames decoded so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary>The next frame's header, or <see langword="null"/> after the final frame or at the end of a bounded range.</summary>
    public FrameHeader? PeekHeader()
    {
        while (true)
        {
            if (_peeked is not null)
            {
                return _peeked;
            }

            if (_ahead is not null)
            {
                if (_ahead.Next() is not { } frame)
                {
                    SawFinal |= _ahead.SawFinal;
                    return null;
                }

                _preloaded = frame;
                _peekedOffset = frame.Offset;
                return _peeked = frame.Header;
            }

            if (SawFinal || (_source.Limit != long.MaxValue && _source.AtEnd))
            {
                return null;
            }

            _peekedOffset = _source.Position;
            var header = ReadHeader(_source, _rawHeader, _frameSize, _codec.Overhead, NextSequence);
            _peeked = header;
            if (!header.IsAncillary)
            {
                return header;
            }

            Decode(); // authenticate, then ignore
        }
    }

    /// <summary>Decodes the peeked frame; the plaintext is valid until the next call.</summary>
    public ReadOnlySpan<byte> Decode()
    {
        var header = PeekHeader() ?? throw new InvalidOperationException("No frame to decode.");
        if (_preloaded is not null && _preloaded.Plaintext != _plaintext)
        {
            // A frame from the read-ahead thread: its buffer becomes the current one.
            if (_plaintext is not null)
            {
                ArrayPool<byte>.Shared.Return(_plaintext);
            }

            _plaintext = _preloaded.Plaintext;
        }

        var buffer = PlaintextBuffer;
        var plaintext = buffer.AsSpan(0, header.PlaintextLength);
        if (_preloaded is not null)
        {
            _lastDecoded = (header, _preloaded.Offset, _preloaded.EndOffset);
            _preloaded = null;
        }
        else
        {
            _lastDecoded = null; // the buffer is about to change: until the frame authenticates, there is no last frame
            var payload = _source.Take((int)header.PayloadLength, "frame payload");
            _codec.Decode(header, _rawHeader, payload, plaintext, _peekedOffset);
            _lastDecoded = (header, _peekedOffset, _source.Position);
        }

        _peeked = null;
        NextSequence = header.Sequence + 1;
        FramesRead++;
        SawFinal = header.IsFinal;
        return plaintext;
    }

    /// <summary>
    /// Hands over the last decoded frame and its buffer (the reader can decode no more), or
    /// <see langword="null"/> when none was decoded.
    /// </summary>
    public DecodedFrame? DetachLastFrame()
    {
        StopReadingAhead();
        if (_lastDecoded is not { } last || _plaintext is null || _preloaded?.Plaintext == _plaintext)
        {
            return null;
        }

        var frame = new DecodedFrame(last.Header, last.Offset, last.EndOffset, _plaintext);
        _plaintext = null;
        return frame;
    }

    /// <summary>Reads the next frame header from <paramref name="source"/> and checks it is frame <paramref name="expectedSequence"/>.</summary>
    /// <exception cref="ArchiveFormatException">A damaged header, or frames reordered, dropped or spliced.</exception>
    internal static FrameHeader ReadHeader(BoundedSource source, byte[] raw, int frameSize, int overhead, long expectedSequence)
    {
        var offset = source.Position;
        source.Take(FrameHeader.Length, "frame header").CopyTo(raw);
        var header = FrameHeader.Read(raw, offset, frameSize, overhead);
        if (header.Sequence != expectedSequence)
        {
            throw new ArchiveFormatException("frame header sequence", offset + 8, $"frame {header.Sequence} found where frame {expectedSequence} belongs: frames were reordered, dropped or spliced");
        }

        return header;
    }

    public void Dispose()
    {
        StopReadingAhead();
        if (_preloaded is not null && _preloaded.Plaintext != _plaintext)
        {
            ArrayPool<byte>.Shared.Return(_preloaded.Plaintext);
        }

        _preloaded = null;
        if (_plaintext is not null)
        {
            ArrayPool<byte>.Shared.Return(_plaintext);
            _plaintext = null;
        }
    }

    /// <summary>Stops the read-ahead thread (it uses the codec, which the owner may hand on afterwards).</summary>
    private void StopReadingAhead()
    {
        _ahead?.Dispose();
        _ahead = null;
    }
}
