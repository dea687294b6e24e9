using System.Buffers;
using System.Collections.Concurrent;
using Cairn.Format.Frames;

namespace Cairn.Format.Writing;

/// <summary>
/// The ordered frame pipeline: the caller fills plaintext buffers one after another; workers compress
/// and seal them in parallel; an output thread writes the finished frames in sequence order, the volume
/// header before the first. A ring of slots with rented buffers is reused, so no frame allocates.
/// </summary>
/// <remarks>
/// The output has a thread of its own because writing is not free: a target's stream hashes each volume as
/// it is written, and the kernel copies it. On the caller's thread that work came between its reads, so a
/// file the frame workers compress quickly (random data) was limited by one thread doing everything else.
/// With one worker (<c>parallelism</c> 1) everything runs on the caller's thread, in order.
/// </remarks>
internal sealed class FramePipeline : IDisposable
{
    private readonly Stream _output;
    private readonly PendingHeader _header;
    private bool _headerWritten;
    private readonly Slot[] _slots;
    private readonly FrameCodec[] _codecs;
    private readonly BlockingCollection<Slot>? _queue;
    private readonly BlockingCollection<Slot>? _ordered;
    private readonly Thread[] _workers = [];
    private readonly Thread? _writer;
    private readonly List<long> _frameOffsets = [];
    private long _nextSequence;
    private long _nextToWrite;
    private long _bytesWritten;
    private Exception? _outputFailure;
    private volatile bool _disposed; // read by the output thread: frames still in flight then are dropped, not written

    public FramePipeline(Stream output, PendingHeader header, int frameSize, int parallelism, Func<FrameCodec> createCodec)
    {
        _output = output;
        _header = header;
        parallelism = Math.Max(1, parallelism);
        _codecs = new FrameCodec[parallelism];
        for (var i = 0; i < parallelism; i++)
        {
            _codecs[i] = createCodec();
        }

        var frameLength = FrameCodec.MaxFrameLength(frameSize, _codecs[0].Overhead);
        _slots = new Slot[parallelism == 1 ? 1 : (2 * parallelism) + 1];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot(ArrayPool<byte>.Shared.Rent(frameSize), ArrayPool<byte>.Shared.Rent(frameLength));
        }

        if (parallelism > 1)
        {
            _queue = new BlockingCollection<Slot>(new ConcurrentQueue<Slot>());
            _workers = new Thread[parallelism];
            for (var i = 0; i < parallelism; i++)
            {
                var codec = _codecs[i];
                _workers[i] = new Thread(() => Work(codec)) { IsBackground = true, Name = $"cairn-frame-{i}" };
                _workers[i].Start();
            }

            _ordered = new BlockingCollection<Slot>(new ConcurrentQueue<Slot>());
            _writer = new Thread(WriteInOrder) { IsBackground = true, Name = "cairn-frame-out" };
            _writer.Start();
        }
    }

    /// <summary>The plaintext buffer of the frame being filled (at least the frame size long).</summary>
    public byte[] CurrentBuffer => _slots[_nextSequence % _slots.Length].Plaintext;

    /// <summary>The sequence number the frame being filled will get.</summary>
    public long CurrentSequence => _nextSequence;

    /// <summary>Bytes written to the output so far, the header included (it is written with the first frame).</summary>
    public long BytesWritten => Volatile.Read(ref _bytesWritten);

    /// <summary>Frames submitted but not yet written.</summary>
    public long PendingFrames => _nextSequence - Volatile.Read(ref _nextToWrite);

    /// <summary>The offset of each written frame, by sequence number; complete after <see cref="Drain"/>.</summary>
    public IReadOnlyList<long> FrameOffsets => _frameOffsets;

    /// <summary>Hands the current buffer's first <paramref name="length"/> bytes over as frame <see cref="CurrentSequence"/>.</summary>
    /// <exception cref="Exception">What writing an earlier frame or the header threw (the output's error, a recipient's), rethrown as itself.</exception>
    public void Submit(FrameKind kind, int length, bool final)
    {
        var slot = _slots[_nextSequence % _slots.Length];
        slot.Kind = kind;
        slot.Sequence = _nextSequence;
        slot.Length = length;
        slot.Final = final;
        _nextSequence++;
        if (_queue is null)
        {
            slot.OutputLength = _codecs[0].Encode(kind, slot.Sequence, final, slot.Plaintext.AsSpan(0, length), slot.Output);
            Write(slot);
            return;
        }

        slot.Free.Reset();
        _queue.Add(slot);
        _ordered!.Add(slot);

        // The next slot to fill must have left the ring: written, or dropped after a failure.
        _slots[_nextSequence % _slots.Length].Free.Wait();
        ThrowIfOutputFailed();
    }

    /// <summary>Waits until every submitted frame is written (and the header, even with no frame).</summary>
    /// <exception cref="Exception">What writing a frame or the header threw, rethrown as itself.</exception>
    public void Drain()
    {
        if (_nextSequence > 0)
        {
            _slots[(_nextSequence - 1) % _slots.Length].Free.Wait();
        }

        ThrowIfOutputFailed();

        // The output thread is idle now: every frame it was given is written.
        WriteHeaderOnce();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue?.CompleteAdding();
        _ordered?.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _writer?.Join();
        _queue?.Dispose();
        _ordered?.Dispose();
        foreach (var codec in _codecs)
        {
            codec.Dispose();
        }

        foreach (var slot in _slots)
        {
            ArrayPool<byte>.Shared.Return(slot.Plaintext);
            ArrayPool<byte>.Shared.Return(slot.Output);
            slot.Done.Dispose();
            slot.Free.Dispose();
        }
    }

    /// <summary>Writes the header if not yet done: before the first frame, or at a drain with no frame.</summary>
    private void WriteHeaderOnce()
    {
        if (!_headerWritten)
        {
            var header = _header.Encoded;
            _output.Write(header);
            Volatile.Write(ref _bytesWritten, header.Length);
            _headerWritten = true;
        }
    }

    /// <summary>Writes an encoded frame after those before it.</summary>
    private void Write(Slot slot)
    {
        // The header first: a frame's sealing fails when the header's does, and the recipient's own error is the one to report.
        WriteHeaderOnce();
        if (slot.Error is { } error)
        {
            slot.Error = null;
            throw new IOException($"Frame {slot.Sequence} could not be encoded: {error.Message}", error);
        }

        _frameOffsets.Add(_bytesWritten);
        _output.Write(slot.Output, 0, slot.OutputLength);
        Volatile.Write(ref _bytesWritten, _bytesWritten + slot.OutputLength);
        Volatile.Write(ref _nextToWrite, _nextToWrite + 1);
    }

    /// <summary>The output thread: each frame in sequence order, once its worker has encoded it.</summary>
    private void WriteInOrder()
    {
        foreach (var slot in _ordered!.GetConsumingEnumerable())
        {
            slot.Done.Wait();
            slot.Done.Reset();
            if (_outputFailure is null && !_disposed)
            {
                try
                {
                    Write(slot);
                }
                catch (Exception ex)
                {
                    // Kept for the caller, who rethrows it at its next call; later frames are only dropped.
                    Volatile.Write(ref _outputFailure, ex);
                }
            }

            slot.Free.Set();
        }
    }

    private void ThrowIfOutputFailed()
    {
        if (Volatile.Read(ref _outputFailure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void Work(FrameCodec codec)
    {
        foreach (var slot in _queue!.GetConsumingEnumerable())
        {
            try
            {
                slot.OutputLength = codec.Encode(slot.Kind, slot.Sequence, slot.Final, slot.Plaintext.AsSpan(0, slot.Length), slot.Output);
            }
            catch (Exception ex)
            {
                slot.Error = ex;
            }

            slot.Done.Set();
        }
    }

    private sealed class Slot(byte[] plaintext, byte[] output)
    {
        public byte[] Plaintext { get; } = plaintext;

        public byte[] Output { get; } = output;

        /// <summary>Set by the worker that encoded the frame.</summary>
        public ManualResetEventSlim Done { get; } = new(false);

        /// <summary>Set while the slot is out of the ring (not submitted, or written): the caller may fill it.</summary>
        public ManualResetEventSlim Free { get; } = new(true);

        public FrameKind Kind { get; set; }

        public long Sequence { get; set; }

        public int Length { get; set; }

        public bool Final { get; set; }

        public int OutputLength { get; set; }

        public Exception? Error { get; set; }
    }
}
