using System.Security.Cryptography;
using Cairn.Contracts.Streams;

namespace Cairn.Hosting.Backends;

/// <summary>
/// Passes upload content through to a backend while counting it and, when asked, hashing it, so the
/// upload can be verified afterwards. Never seekable: a backend cannot rewind behind the count's back.
/// </summary>
internal sealed class HashingReadStream : ForwardReadStream
{
    private readonly Stream _source;
    private readonly IncrementalHash? _hash;

    public HashingReadStream(Stream source, bool computeHash)
    {
        _source = source;
        _hash = computeHash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>Bytes handed to the backend so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read returned 0: the backend consumed everything.</summary>
    public bool ReachedEnd { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of the bytes read; only with hashing on.</summary>
    public byte[] GetHash() => _hash?.GetCurrentHash() ?? throw new InvalidOperationException("Hashing is off.");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, _source.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        // The source belongs to the caller (it is replayed on retry): only the hash is ours.
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> buffer, int read)
    {
        if (read == 0 && buffer.Length > 0)
        {
            ReachedEnd = true;
        }

        _hash?.AppendData(buffer[..read]);
        BytesRead += read;
        return read;
    }
}
