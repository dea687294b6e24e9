namespace Cairn.Contracts.Compression;

/// <summary>
/// Compresses and decompresses whole frames. One instance is used by one thread at a time; it may keep
/// a context between calls to avoid allocating per frame.
/// </summary>
public interface ICompressor : IDisposable
{
    /// <summary>The largest size <see cref="Compress"/> can produce for <paramref name="sourceLength"/> bytes.</summary>
    int GetMaxCompressedLength(int sourceLength);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetMaxCompressedLength"/>.</exception>
    int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// Decompresses <paramref name="source"/> into <paramref name="destination"/>, whose length is the exact
    /// decompressed size recorded by the archive format.
    /// </summary>
    /// <exception cref="InvalidDataException">The input is corrupt, or does not decompress to exactly <c>destination.Length</c> bytes.</exception>
    void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);
}
