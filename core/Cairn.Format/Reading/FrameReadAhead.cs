using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Cairn.Format.Frames;

namespace Cairn.Format.Reading;

/// <summary>
/// Reads and decodes the frames of a long range on its own thread, a few frames ahead of the
/// <see cref="FrameReader"/> that consumes them: decompressing and authenticating frame N+1 overlaps
/// with whatever the reader does with frame N (hashing, writing, patching). Ancillary frames are
/// authenticated and dropped here. Errors reach the consumer in order, at the frame they concern.
/// </summary>
internal sealed class FrameReadAhead : IDisposable
{
    private const int Depth = 3;

    private readonly BlockingCollection<DecodedFrame> _ready = new(Depth);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;
    private bool _disposed;

    /// <param name="source">The frames; only this object reads it from now on.</param>
    /// <param name="codec">Decodes the frames; only this object uses it until disposed.</param>
    /// <param name="frameSize">The volume's frame size.</param>
    /// <param name="firstSequence">The sequence number the first frame must have.</param>
    public FrameReadAhead(BoundedSource source, FrameCodec codec, int frameSize, long firstSequence)
    {
        _thread = new Thread(() => Run(source, codec, frameSize, firstSequence)) { IsBackground = true, Name = "cairn-read-ahead" };
        _thread.Start();
    }

    /// <summary>True once the final frame of the volume was read.</summary>
    public bool SawFinal { get; private set; }

    /// <summary>The next decoded frame (the caller owns its buffer), or <see langword="null"/> at the end of the range.</summary>
    /// <exception cref="ArchiveFormatException">The frames are damaged, reordered or cut off.</exception>
    /// <exception cref="Contracts.Ciphers.AuthenticationFailedException">A frame does not authenticate.</exception>
    public DecodedFrame? Next()
    {
        foreach (var frame in _ready.GetConsumingEnumerable())
        {
            return frame;
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        return null;
    }

    /// <summary>Stops the thread and returns the buffers of frames not taken.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _thread.Join();
        while (_ready.TryTake(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Plaintext);
        }

        _ready.Dispose();
        _stop.Dispose();
    }

    private void Run(BoundedSource source, FrameCodec codec, int frameSize, long sequence)
    {
        var raw = new byte[FrameHeader.Length];
        try
        {
            while (!SawFinal && !(source.Limit != long.MaxValue && source.AtEnd))
            {
                var offset = source.Position;
                var header = FrameReader.ReadHeader(source, raw, frameSize, codec.Overhead, sequence++);
                var buffer = ArrayPool<byte>.Shared.Rent(frameSize);
                try
                {
                    codec.Decode(header, raw, source.Take((int)header.PayloadLength, "frame payload"), buffer.AsSpan(0, header.PlaintextLength), offset);
                    SawFinal = header.IsFinal;
                    if (header.IsAncillary)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        continue;
                    }

                    _ready.Add(new DecodedFrame(header, offset, source.Position, buffer), _stop.Token);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the reader stopped early.
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }
}
