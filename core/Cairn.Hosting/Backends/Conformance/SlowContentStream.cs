using Cairn.Contracts.Streams;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>
/// Upload content that stops in the middle until released: lets a check look at the store while a
/// write is half done, without depending on timing. Not seekable, like a pipe.
/// </summary>
internal sealed class SlowContentStream : ForwardReadStream
{
    private readonly byte[] _content;
    private readonly int _pauseAt;
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public SlowContentStream(byte[] content, int pauseAt)
    {
        _content = content;
        _pauseAt = pauseAt;
    }

    /// <summary>Completes when the reader has consumed the first part and waits for the rest.</summary>
    public Task Paused => _paused.Task;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public void Release() => _released.TrySetResult();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position == _pauseAt && !_released.Task.IsCompleted)
        {
            _paused.TrySetResult();
            _released.Task.GetAwaiter().GetResult();
        }

        return Copy(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _pauseAt && !_released.Task.IsCompleted)
        {
            _paused.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return Copy(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Copy(Span<byte> buffer)
    {
        // Never hand out bytes past the pause point before the release, so the pause is reached exactly.
        var end = _released.Task.IsCompleted ? _content.Length : _pauseAt;
        var count = Math.Min(buffer.Length, end - _position);
        _content.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
