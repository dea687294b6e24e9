using Cairn.Format.Frames;

namespace Cairn.Format.Reading;

/// <summary>
/// A frame already authenticated and decoded, kept so that the next entry starting in it does not read
/// and decode it again (small entries share frames: without this, restoring or re-encoding N small files
/// would decode each shared frame once per file). <see cref="Plaintext"/> is a rented buffer whose
/// ownership moves with the object.
/// </summary>
/// <param name="Header">The frame's header.</param>
/// <param name="Offset">The volume offset of the frame's header.</param>
/// <param name="EndOffset">The volume offset just past the frame's payload, where the next frame starts.</param>
/// <param name="Plaintext">The decoded plaintext, from index 0, <see cref="FrameHeader.PlaintextLength"/> bytes.</param>
internal sealed record DecodedFrame(FrameHeader Header, long Offset, long EndOffset, byte[] Plaintext);
