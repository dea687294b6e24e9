using System.Security.Cryptography;
using Cairn.Contracts.Streams;

namespace Cairn.Format.Reading;

/// <summary>
/// The read-only stream of one entry's data. When it has the data from its first byte it hashes it and,
/// at the end, checks the length and SHA-256 against the entry-end record.
/// </summary>
internal sealed class EntryReadStream(EntryDataSource source, bool fromStart, string name) : ForwardReadStream
{
    private readonly IncrementalHash? _hash = fromStart ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long _length;
    private bool _finished;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        var read = source.Read(buffer);
        if (read == 0)
        {
            Finish();
            return 0;
        }

        _hash?.AppendData(buffer[..read]);
        _length += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            source.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Finish()
    {
        _finished = true;
        if (_hash is null || source.End is not { } end)
        {
            return;
        }

        var hash = _hash.GetHashAndReset();
        if (end.DataLength != _length || !CryptographicOperations.FixedTimeEquals(hash, end.DataHash))
        {
            throw new ArchiveFormatException($"The data of '{name}' does not match its entry-end record ({_length} bytes read, {end.DataLength} recorded, or a different SHA-256).");
        }
    }
}
