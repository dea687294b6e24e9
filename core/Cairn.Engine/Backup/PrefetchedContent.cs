using System.Buffers;

namespace Cairn.Engine.Backup;

/// <summary>
/// A small file's content read ahead of the writer, with its digest already computed; or why it could
/// not be read. Owns a rented buffer until disposed.
/// </summary>
internal sealed class PrefetchedContent : IDisposable
{
    private byte[]? _buffer;

    private readonly ContentDigest? _digest;

    private PrefetchedContent(byte[]? buffer, int length, ContentDigest? digest, string? error)
    {
        _buffer = buffer;
        Length = length;
        _digest = digest;
        Digest = digest?.Complete() is { Sha256: { } sha256, Signature: var signature } ? (sha256, signature) : null; // the planner always hashes
        Error = error;
    }

    /// <summary>The content bytes read.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Length);

    /// <summary>How many bytes were read.</summary>
    public int Length { get; }

    /// <summary>The SHA-256 and signature of <see cref="Data"/>; <see langword="null"/> when <see cref="Error"/> is set.</summary>
    public (byte[] Sha256, MemoryStream Signature)? Digest { get; }

    /// <summary>Why the file was not read, worded for a warning; <see langword="null"/> when it was.</summary>
    public string? Error { get; }

    /// <summary>Takes <paramref name="buffer"/> (rented) and <paramref name="digest"/> (fed with the data, completed here).</summary>
    public static PrefetchedContent Read(byte[] buffer, int length, ContentDigest digest) => new(buffer, length, digest, null);

    public static PrefetchedContent Failed(string error) => new(null, 0, null, error);

    public void Dispose()
    {
        _digest?.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
