using System.Buffers.Binary;

namespace Cairn.Format.Crypto;

/// <summary>
/// The STREAM nonce (as in age): the frame's sequence number, big-endian, right-aligned before one
/// last-frame byte; the leading bytes are zero. For a 12-byte nonce:
/// <c>00 00 00 | seq (8 bytes BE) | final (00 or 01)</c>. A key is used for one volume only (it is
/// derived from a fresh random archive key), so the counter never repeats under one key.
/// </summary>
internal static class FrameNonce
{
    public const int MinimumSize = 12;

    public static void Write(Span<byte> nonce, long sequence, bool final)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[^9..^1], sequence);
        nonce[^1] = final ? (byte)1 : (byte)0;
    }
}
