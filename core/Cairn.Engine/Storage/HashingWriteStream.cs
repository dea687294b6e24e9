using System.Security.Cryptography;
using Cairn.Contracts.Streams;

namespace Cairn.Engine.Storage;

/// <summary>
/// Passes writes through to an inner stream while computing their length and, unless
/// <paramref name="computeHash"/> is false (the bytes are checked elsewhere), their SHA-256.
/// </summary>
internal sealed class HashingWriteStream(Stream inner, bool computeHash = true) : ForwardWriteStream
{
    private readonly IncrementalHash? _hash = computeHash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    public long BytesWritten { get; private set; }

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    /// <summary>The hash of everything written so far.</summary>
    /// <exception cref="InvalidOperationException">The stream was made without hashing.</exception>
    public byte[] GetHash() => (_hash ?? throw new InvalidOperationException("This stream only counts.")).GetCurrentHash();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash?.AppendData(buffer);
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }
}
