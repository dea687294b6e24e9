using Cairn.Contracts.Streams;

namespace Cairn.Format.Writing;

/// <summary>The write-only stream <c>BeginEntry</c> returns: data goes into the archive; disposing it ends the entry.</summary>
public sealed class EntryWriteStream : ForwardWriteStream
{
    private readonly IEntryDataSink _sink;
    private bool _ended;
    private bool _failed;

    internal EntryWriteStream(IEntryDataSink sink)
    {
        _sink = sink;
    }

    /// <summary>The SHA-256 of the entry's whole data (across volumes), once the stream is disposed; <see langword="null"/> before.</summary>
    public byte[]? DataHash { get; private set; }

    /// <inheritdoc />
    public override bool CanWrite => !_ended;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        try
        {
            _sink.WriteEntryData(buffer);
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>
    /// Ends the entry (its end record and index entry are written). After a failed write it does not: the
    /// volume is unusable, and an error from here would hide the write's, which is the one to report.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended)
        {
            _ended = true;
            if (!_failed)
            {
                DataHash = _sink.EndEntry();
            }
        }

        base.Dispose(disposing);
    }
}
