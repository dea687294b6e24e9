using Cairn.Format.Frames;

namespace Cairn.Format;

/// <summary>What a frame's clear header says, for tools such as <c>cairn inspect</c>.</summary>
/// <param name="Offset">The frame's offset in the volume.</param>
/// <param name="Sequence">The frame's sequence number in the volume, from 0.</param>
/// <param name="Kind">What the frame carries (a raw value for an ancillary kind this version does not know).</param>
/// <param name="IsFinal">True for the volume's last frame.</param>
/// <param name="IsStored">True when the payload is stored uncompressed (compression did not help).</param>
/// <param name="PlaintextLength">Bytes of plaintext the frame holds.</param>
/// <param name="PayloadLength">Bytes that follow the 32-byte frame header (stored bytes plus tag or checksum).</param>
public sealed record FrameInfo(long Offset, long Sequence, FrameKind Kind, bool IsFinal, bool IsStored, int PlaintextLength, long PayloadLength)
{
    /// <summary>The whole frame's length: header and payload.</summary>
    public long Length => FrameHeader.Length + PayloadLength;
}
