using System.Buffers;
using System.Collections.Concurrent;
using Cairn.Format.Frames;

namespace Cairn.Format.Writing;

/// <summary>
/// The ordered frame pipeline: the caller fills plaintext buffers one after another; workers compress
/// and seal them in parallel; finished frames are written to the output in sequence order on the
/// caller's thread, the volume header before the first. A ring of slots with rented buffers is reused,
/// so no frame allocates.
/// </summary>
internal sealed class FramePipeline : IDisposable
{
    private readonly Stream _output;
    private readonly PendingHeader _header;
    private bool _headerWritten;
    private readonly Slot[] _slots;
    private readonly FrameCodec[] _codecs;
    private readonly BlockingCollection<Slot>? _queue;
    private readonly Thread[] _workers = [];
    private readonly List<long> _frameOffsets = [];
    private long _nextSequence;
    private long _nextToWrite;
    private bool _disposed;

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
        }
    }

    /// <summary>The plaintext buffer of the frame being filled (at least the frame size long).</summary>
    public byte[] CurrentBuffer => _slots[_nextSequence % _slots.Length].Plaintext;

    /// <summary>The sequence number the frame being filled will get.</summary>
    public long CurrentSequence => _nextSequence;

    /// <summary>Bytes written to the output so far, the header included (it is written with the first frame).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Frames submitted but not yet written.</summary>
    public long PendingFrames => _nextSequence - _nextToWrite;

    /// <summary>The offset of each written frame, by sequence number.</summary>
    public IReadOnlyList<long> FrameOffsets => _frameOffsets;

    /// <summary>Hands the current buffer's first <paramref name="length"/> bytes over as frame <see cref="CurrentSequence"/>.</summary>
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
            slot.Done.Set();
            WriteNext();
            return;
        }

        _queue.Add(slot);
        // Write what is already finished, then make sure the next slot to fill is free.
        while (_nextToWrite < _nextSequence && _slots[_nextToWrite % _slots.Length].Done.IsSet)
        {
            WriteNext();
        }

        while (_nextSequence - _nextToWrite >= _slots.Length)
        {
            WriteNext();
        }
    }

    /// <summary>Waits for every submitted frame and writes it.</summary>
    public void Drain()
    {
        WriteHeaderOnce();
        while (_nextToWrite < _nextSequence)
        {
            WriteNext();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue?.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _queue?.Dispose();
        foreach (var codec in _codecs)
        {
            codec.Dispose();
        }

        foreach (var slot in _slots)
        {
            ArrayPool<byte>.Shared.Return(slot.Plaintext);
            ArrayPool<byte>.Shared.Return(slot.Output);
            slot.Done.Dispose();
        }
    }

    /// <summary>Writes the header if not yet done; on the caller's thread, so that a recipient's error surfaces as itself.</summary>
    private void WriteHeaderOnce()
    {
        if (!_headerWritten)
        {
            var header = _header.Encoded;
            _output.Write(header);
            BytesWritten = header.Length;
            _headerWritten = true;
        }
    }

    private void WriteNext()
    {
        WriteHeaderOnce();
        var slot = _slots[_nextToWrite % _slots.Length];
        slot.Done.Wait();
        slot.Done.Reset();
        if (slot.Error is { } error)
        {
            slot.Error = null;
            throw new IOException($"Frame {slot.Sequence} could not be encoded: {error.Message}", error);
        }

        _frameOffsets.Add(BytesWritten);
        _output.Write(slot.Output, 0, slot.OutputLength);
        BytesWritten += slot.OutputLength;
        _nextToWrite++;
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

        public ManualResetEventSlim Done { get; } = new(false);

        public FrameKind Kind { get; set; }

        public long Sequence { get; set; }

        public int Length { get; set; }

        public bool Final { get; set; }

        public int OutputLength { get; set; }

        public Exception? Error { get; set; }
    }
}
