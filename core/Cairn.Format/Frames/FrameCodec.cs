using System.Buffers;
using System.IO.Hashing;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Format.Crypto;

namespace Cairn.Format.Frames;

/// <summary>
/// Turns plaintext into a frame and back: compress, then seal (AEAD) or checksum (XXH3-64). The one
/// place the payload layout lives. Associated data = header digest (32) || frame header (32); the
/// nonce is <see cref="FrameNonce"/>. One instance per thread; it keeps its scratch buffer, its
/// compressor and its AEAD between frames, so encoding allocates nothing. A writer may not have the
/// header digest yet when it starts compressing (<see cref="Writing.PendingHeader"/>): it is asked for
/// when the first frame is sealed.
/// </summary>
internal sealed class FrameCodec : IDisposable
{
    public const int ChecksumLength = 8;
    private readonly ICompressor _compressor;
    private readonly IAead? _aead;
    private readonly int _tagSize;
    private readonly int _nonceSize;
    private readonly Func<byte[]> _getHeaderDigest;
    private byte[]? _headerDigest;
    private byte[] _scratch;
    private readonly XxHash3 _checksum = new();

    public FrameCodec(ICompressor compressor, IAead? aead, int tagSize, int nonceSize, byte[] headerDigest, int frameSize)
        : this(compressor, aead, tagSize, nonceSize, () => headerDigest, frameSize)
    {
    }

    public FrameCodec(ICompressor compressor, IAead? aead, int tagSize, int nonceSize, Func<byte[]> headerDigest, int frameSize)
    {
        _compressor = compressor;
        _aead = aead;
        _tagSize = tagSize;
        _nonceSize = nonceSize;
        _getHeaderDigest = headerDigest;
        // Pooled: a restore opens a codec or two per volume it reads, and a 1 MiB array each time was garbage on
        // the large object heap, which only a full collection frees (BENCHMARKS.md, finding 48).
        _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(compressor.GetMaxCompressedLength(frameSize), frameSize));
        Overhead = aead is null ? ChecksumLength : tagSize;
    }

    /// <summary>Bytes a payload carries beyond the stored data: the tag or the checksum.</summary>
    public int Overhead { get; }

    public static int MaxFrameLength(int frameSize, int overhead) => FrameHeader.Length + frameSize + overhead;

    /// <summary>Encodes one frame (header and payload) into <paramref name="output"/>; returns its length.</summary>
    public int Encode(FrameKind kind, long sequence, bool final, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        var compressedLength = plaintext.IsEmpty ? 0 : _compressor.Compress(plaintext, _scratch);
        var stored = plaintext.IsEmpty || compressedLength >= plaintext.Length;
        ReadOnlySpan<byte> body = stored ? plaintext : _scratch.AsSpan(0, compressedLength);
        var header = new FrameHeader((byte)kind, final, stored, sequence, plaintext.Length, body.Length + Overhead);
        header.Write(output);
        Span<byte> associated = stackalloc byte[64];
        BuildAssociatedData(output[..FrameHeader.Length], associated);
        var payload = output.Slice(FrameHeader.Length, body.Length + Overhead);
        if (_aead is not null)
        {
            Span<byte> nonce = stackalloc byte[_nonceSize];
            FrameNonce.Write(nonce, sequence, final);
            _aead.Seal(nonce, body, associated, payload[..body.Length], payload[body.Length..]);
        }
        else
        {
            body.CopyTo(payload);
            Checksum(associated, body, payload[body.Length..]);
        }

        return FrameHeader.Length + payload.Length;
    }

    /// <summary>Authenticates (or checks) and decodes a frame's payload into <paramref name="plaintext"/> (exactly the header's plaintext length).</summary>
    /// <exception cref="AuthenticationFailedException">An encrypted frame does not authenticate.</exception>
    /// <exception cref="ArchiveFormatException">A checksum mismatch, or a payload that does not decompress.</exception>
    public void Decode(in FrameHeader header, ReadOnlySpan<byte> rawHeader, ReadOnlySpan<byte> payload, Span<byte> plaintext, long offset)
    {
        var bodyLength = (int)header.PayloadLength - Overhead;
        var body = payload[..bodyLength];
        var target = header.IsStored ? plaintext : _scratch.AsSpan(0, bodyLength);
        Span<byte> associated = stackalloc byte[64];
        BuildAssociatedData(rawHeader, associated);
        if (_aead is not null)
        {
            Span<byte> nonce = stackalloc byte[_nonceSize];
            FrameNonce.Write(nonce, header.Sequence, header.IsFinal);
            try
            {
                _aead.Open(nonce, body, payload[bodyLength..], associated, target);
            }
            catch (AuthenticationFailedException ex)
            {
                throw new AuthenticationFailedException($"Frame {header.Sequence} at offset {offset} does not authenticate: wrong key, or the volume was altered, truncated or reordered.", ex);
            }
        }
        else
        {
            Span<byte> expected = stackalloc byte[ChecksumLength];
            Checksum(associated, body, expected);
            if (!expected.SequenceEqual(payload[bodyLength..]))
            {
                throw new ArchiveFormatException("frame checksum", offset, $"frame {header.Sequence} is damaged (checksum mismatch)");
            }

            body.CopyTo(target);
        }

        if (!header.IsStored)
        {
            try
            {
                _compressor.Decompress(target, plaintext);
            }
            catch (InvalidDataException ex)
            {
                throw new ArchiveFormatException("frame payload", offset, $"frame {header.Sequence} does not decompress: {ex.Message}");
            }
        }
    }

    public void Dispose()
    {
        _compressor.Dispose();
        _aead?.Dispose();
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = []; // returned once: a second Dispose must not hand the same array to two renters
        }
    }

    private void BuildAssociatedData(ReadOnlySpan<byte> rawHeader, Span<byte> associated)
    {
        (_headerDigest ??= _getHeaderDigest()).CopyTo(associated);
        rawHeader[..FrameHeader.Length].CopyTo(associated[32..]);
    }

    private void Checksum(ReadOnlySpan<byte> associated, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        _checksum.Reset();
        _checksum.Append(associated);
        _checksum.Append(body);
        _checksum.GetCurrentHash(destination);
    }
}
