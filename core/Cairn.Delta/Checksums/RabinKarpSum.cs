using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cairn.Delta.Checksums;

/// <summary>librsync's RabinKarp rolling hash (src/rabinkarp.h): hash = seed·M^n + Σ b[i]·M^(n-1-i) mod 2^32.</summary>
internal struct RabinKarpSum : IRollingSum
{
    public const uint Seed = 1;
    public const uint Mult = 0x08104225;

    /// <summary>The inverse of <see cref="Mult"/> modulo 2^32.</summary>
    public const uint InverseMult = 0x98f009ad;

    /// <summary>(Mult - 1) · Seed: folds the seed's contribution into the byte rolled out.</summary>
    public const uint Adjust = 0x08104224;

    private static readonly Vector256<uint> Weights0 = LaneWeights(0);
    private static readonly Vector256<uint> Weights8 = LaneWeights(8);
    private static readonly Vector256<uint> Weights16 = LaneWeights(16);
    private static readonly Vector256<uint> Weights24 = LaneWeights(24);
    private static readonly Vector256<uint> ChunkStep = Vector256.Create(Pow(Mult, 32));

    private uint hash;
    private uint mult;
    private int count;

    public RabinKarpSum()
    {
        Reset();
    }

    public readonly int Count => count;

    public readonly uint Digest => hash;

    /// <summary>M^count: the weight of the byte about to leave the window.</summary>
    public readonly uint Power => mult;

    public void Reset()
    {
        hash = Seed;
        mult = 1;
        count = 0;
    }

    public void Restore(uint digest, int count)
    {
        hash = digest;
        this.count = count;
        mult = Pow(Mult, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<byte> data)
    {
        var h = hash;
        ref var p = ref MemoryMarshal.GetReference(data);
        var n = data.Length;
        var i = 0;
        if (Avx2.IsSupported && n >= 256)
        {
            i = n & ~31;
            h = (h * Pow(Mult, i)) + SumOfPowersAvx2(ref p, i);
        }

        // Four bytes per step with precomputed powers shortens the multiply dependency chain.
        const uint m2 = unchecked(Mult * Mult), m3 = unchecked(m2 * Mult), m4 = unchecked(m3 * Mult);
        for (; i + 4 <= n; i += 4)
        {
            h = (h * m4) + (Unsafe.Add(ref p, i) * m3) + (Unsafe.Add(ref p, i + 1) * m2)
                + (Unsafe.Add(ref p, i + 2) * Mult) + Unsafe.Add(ref p, i + 3);
        }

        for (; i < n; i++)
        {
            h = (h * Mult) + Unsafe.Add(ref p, i);
        }

        hash = h;
        count += n;
        mult *= Pow(Mult, n);
    }

    /// <summary>
    /// Σ b[i]·M^(n-1-i) over <paramref name="n"/> bytes (a multiple of 32), eight lanes at a time: four
    /// accumulators each take 8 consecutive bytes of every 32-byte chunk and are multiplied by M^32 per
    /// chunk; at the end each lane is weighted by the power its byte position still lacks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint SumOfPowersAvx2(ref byte p, int n)
    {
        var step = ChunkStep;
        Vector256<uint> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var i = 0; i < n; i += 32)
        {
            var low = Vector128.LoadUnsafe(ref p, (nuint)i);
            var high = Vector128.LoadUnsafe(ref p, (nuint)(i + 16));
            a0 = (a0 * step) + Avx2.ConvertToVector256Int32(low).AsUInt32();
            a1 = (a1 * step) + Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(low, 8)).AsUInt32();
            a2 = (a2 * step) + Avx2.ConvertToVector256Int32(high).AsUInt32();
            a3 = (a3 * step) + Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(high, 8)).AsUInt32();
        }

        var weighted = (a0 * Weights0) + (a1 * Weights8) + (a2 * Weights16) + (a3 * Weights24);
        return Vector256.Sum(weighted);
    }

    /// <summary>M^(31-first-j) for lanes j = 0..7: the weight of byte <c>first + j</c> of a 32-byte chunk.</summary>
    private static Vector256<uint> LaneWeights(int first) => Vector256.Create(
        Pow(Mult, 31 - first), Pow(Mult, 30 - first), Pow(Mult, 29 - first), Pow(Mult, 28 - first),
        Pow(Mult, 27 - first), Pow(Mult, 26 - first), Pow(Mult, 25 - first), Pow(Mult, 24 - first));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rotate(byte outByte, byte inByte) => hash = (hash * Mult) + inByte - (mult * (outByte + Adjust));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int RollWhileAbsent(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index)
    {
        // Locals only. With H(q+1) = H(q)·M + d(q), where d(q) = in - M^n·(out + adjust), one chain of
        // multiply-adds per byte would be the critical path; two interleaved chains (even and odd
        // positions, each stepping two bytes with M²) halve it. The filter tests run beside the chains.
        var (filter, shift) = index.Filter;
        ref var bits = ref MemoryMarshal.GetArrayDataReference(filter);
        ref var data = ref MemoryMarshal.GetReference(buffer);
        var h = hash;
        var power = mult;
        var length = count;
        var p = position;
        const uint mult2 = unchecked(Mult * Mult);
        if (p + 3 < stop)
        {
            var even = h;
            var odd = (h * Mult) + Difference(ref data, p, length, power);
            while (true)
            {
                if (IsInFilter(ref bits, shift, even))
                {
                    hash = even;
                    return p;
                }

                if (IsInFilter(ref bits, shift, odd))
                {
                    hash = odd;
                    return p + 1;
                }

                if (p + 5 >= stop)
                {
                    break;
                }

                var d0 = Difference(ref data, p, length, power);
                var d1 = Difference(ref data, p + 1, length, power);
                var d2 = Difference(ref data, p + 2, length, power);
                even = (even * mult2) + (d0 * Mult) + d1;
                odd = (odd * mult2) + (d1 * Mult) + d2;
                p += 2;
            }

            h = even;
        }

        while (p < stop)
        {
            if (IsInFilter(ref bits, shift, h))
            {
                break;
            }

            h = (h * Mult) + Difference(ref data, p, length, power);
            p++;
        }

        hash = h;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Difference(ref byte data, int p, int length, uint power) =>
        Unsafe.Add(ref data, p + length) - (power * (Unsafe.Add(ref data, p) + Adjust));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsInFilter(ref ulong bits, int shift, uint weak)
    {
        var bit = (weak * BlockIndex.FilterMultiplier) >> shift;
        return (Unsafe.Add(ref bits, bit >> 6) & (1UL << (int)bit)) != 0;
    }

    public void RollOut(byte outByte)
    {
        count--;
        mult *= InverseMult;
        hash -= mult * (outByte + Adjust);
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var sum = new RabinKarpSum();
        sum.Update(data);
        return sum.Digest;
    }

    public static uint Pow(uint value, int exponent)
    {
        uint result = 1;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= value;
            }

            value *= value;
            exponent >>= 1;
        }

        return result;
    }
}
