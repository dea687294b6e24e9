using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cairn.Delta.Checksums;

/// <summary>
/// librsync's original rolling checksum (src/rollsum.h): two 16-bit sums of the bytes each offset by 31,
/// digest = s2 &lt;&lt; 16 | s1. Sums are kept in 32 bits; only their low 16 bits matter.
/// </summary>
internal struct RollSum : IRollingSum
{
    public const uint CharOffset = 31;

    private uint s1;
    private uint s2;
    private int count;

    public readonly int Count => count;

    public readonly uint Digest => (s2 << 16) | (s1 & 0xffff);

    public void Reset()
    {
        s1 = 0;
        s2 = 0;
        count = 0;
    }

    public void Restore(uint digest, int count)
    {
        // Only the low 16 bits of each sum matter, and the digest holds exactly those.
        s1 = digest & 0xffff;
        s2 = digest >> 16;
        this.count = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<byte> data)
    {
        uint a = s1, b = s2;
        foreach (var value in data)
        {
            a += value;
            b += a;
        }

        // The loop summed the raw bytes (and the old s1 once per byte through b += a); the offset of 31
        // added to each byte contributes 31·n to s1 and 31·n(n+1)/2 to s2.
        var n = (ulong)data.Length;
        b += CharOffset * (uint)(n * (n + 1) / 2);
        a += CharOffset * (uint)n;
        s1 = a;
        s2 = b;
        count += data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rotate(byte outByte, byte inByte)
    {
        s1 += (uint)(inByte - outByte);
        s2 += s1 - ((uint)count * (outByte + CharOffset));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int RollWhileAbsent(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index)
    {
        var (filter, shift) = index.Filter;
        ref var words = ref MemoryMarshal.GetArrayDataReference(filter);
        ref var data = ref MemoryMarshal.GetReference(buffer);
        uint a = s1, b = s2;
        var length = (uint)count;
        var p = position;
        while (p < stop)
        {
            if (BlockIndex.MayContain(ref words, shift, (b << 16) | (a & 0xffff)))
            {
                break;
            }

            uint outByte = Unsafe.Add(ref data, p);
            a += Unsafe.Add(ref data, p + (int)length) - outByte;
            b += a - (length * (outByte + CharOffset));
            p++;
        }

        s1 = a;
        s2 = b;
        return p;
    }

    public int CollectFilterHits(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index, FilterHits hits) =>
        FilterHits.Collect(ref this, buffer, position, stop, index, hits);

    public void RollOut(byte outByte)
    {
        s1 -= outByte + CharOffset;
        s2 -= (uint)count * (outByte + CharOffset);
        count--;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var sum = default(RollSum);
        sum.Update(data);
        return sum.Digest;
    }
}
