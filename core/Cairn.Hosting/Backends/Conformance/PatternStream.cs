using System.Buffers.Binary;
using Cairn.Contracts.Streams;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>
/// A long, non-seekable stream of deterministic bytes computed from the position, so a check can write
/// tens of MiB without holding them and still know the expected bytes of any range.
/// </summary>
internal sealed class PatternStream : ForwardReadStream
{
    private readonly long _length;
    private readonly ulong _seed;
    private long _position;

    public PatternStream(long length, int seed)
    {
        _length = length;
        _seed = (ulong)seed;
    }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Writes the pattern's bytes from <paramref name="position"/> into <paramref name="destination"/>.</summary>
    public static void Fill(Span<byte> destination, long position, int seed)
    {
        Span<byte> word = stackalloc byte[8];
        var i = 0;
        while (i < destination.Length)
        {
            var at = position + i;
            BinaryPrimitives.WriteUInt64LittleEndian(word, Mix((ulong)seed, (ulong)(at >> 3)));
            var within = (int)(at & 7);
            var count = Math.Min(8 - within, destination.Length - i);
            word.Slice(within, count).CopyTo(destination[i..]);
            i += count;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _length - _position);
        Fill(buffer[..count], _position, (int)_seed);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    // SplitMix64: cheap, well mixed, and the same on every machine.
    private static ulong Mix(ulong seed, ulong index)
    {
        var z = (seed * 0x9E3779B97F4A7C15UL) + index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
