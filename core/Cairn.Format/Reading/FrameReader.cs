using System.Buffers;
using Cairn.Format.Frames;

namespace Cairn.Format.Reading;

/// <summary>
/// Reads frames one after another from a <see cref="BoundedSource"/>, checking that sequence numbers
/// run on from <c>firstSequence</c> and that nothing follows the final frame; decodes each into a
/// rented plaintext buffer. Ancillary frame kinds are authenticated and skipped.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly BoundedSource _source;
    private readonly FrameCodec _codec;
    private readonly int _frameSize;
    private readonly byte[] _plaintext;
    private readonly byte[] _rawHeader = new byte[FrameHeader.Length];
    private FrameHeader? _peeked;
    private long _peekedOffset;

    public FrameReader(BoundedSource source, FrameCodec codec, int frameSize, long firstSequence)
    {
        _source = source;
        _codec = codec;
        _frameSize = frameSize;
        NextSequence = firstSequence;
        _plaintext = ArrayPool<byte>.Shared.Rent(frameSize);
    }

    /// <summary>The sequence number the next frame must have.</summary>
    public long NextSequence { get; private set; }

    /// <summary>True once the final frame has been read.</summary>
    public bool SawFinal { get; private set; }

    /// <summary>The offset of the frame <see cref="PeekHeader"/> returned.</summary>
    public long PeekedOffset => _peekedOffset;

    /// <summary>The buffer <see cref="Decode"/> fills (from index 0).</summary>
    public byte[] PlaintextBuffer => _plaintext;

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

            if (SawFinal || (_source.Limit != long.MaxValue && _source.AtEnd))
            {
                return null;
            }

            _peekedOffset = _source.Position;
            _source.Take(FrameHeader.Length, "frame header").CopyTo(_rawHeader);
            var header = FrameHeader.Read(_rawHeader, _peekedOffset, _frameSize, _codec.Overhead);
            if (header.Sequence != NextSequence)
            {
                throw new ArchiveFormatException("frame header sequence", _peekedOffset + 8, $"frame {header.Sequence} found where frame {NextSequence} belongs: frames were reordered, dropped or spliced");
            }

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
        var payload = _source.Take((int)header.PayloadLength, "frame payload");
        var plaintext = _plaintext.AsSpan(0, header.PlaintextLength);
        _codec.Decode(header, _rawHeader, payload, plaintext, _peekedOffset);
        _peeked = null;
        NextSequence++;
        FramesRead++;
        SawFinal = header.IsFinal;
        return plaintext;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_plaintext);
}
