using Cairn.Contracts.Streams;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// The output of <c>rclone cat</c> as a read-only stream. At its end it waits for rclone's exit code, so a
/// transfer that broke off is an error rather than a short read; disposing it early stops rclone.
/// </summary>
internal sealed class RcloneReadStream : ForwardReadStream
{
    private readonly RcloneProcess _process;
    private readonly string _name;
    private bool _finished;
    private long _position;

    public RcloneReadStream(RcloneProcess process, string name)
    {
        _process = process;
        _name = name;
    }


    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await _process.Output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            _position += read;
            return read;
        }

        _finished = true;
        var exitCode = await _process.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw RcloneErrors.Map(exitCode, _process.ErrorOutput, "cat", _name);
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _process.Dispose();
        }

        base.Dispose(disposing);
    }
}
