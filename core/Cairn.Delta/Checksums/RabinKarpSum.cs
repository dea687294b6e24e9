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
    /// <summary>Positions whose sums <see cref="CollectFilterHits(ReadOnlySpan{byte}, int, int, BlockIndex, FilterHits)"/> computes before testing them against the filter.</summary>
    private const int HitBatch = 1024;

    /// <summary>M^(k+1) in lane k.</summary>
    private static readonly Vector512<uint> StartWeights16 = Vector512.Create(Enumerable.Range(1, 16).Select(k => Pow(Mult, k)).ToArray());
    private static readonly Vector512<uint> Shift16By1 = LaneShift(1);
    private static readonly Vector512<uint> Shift16By2 = LaneShift(2);
    private static readonly Vector512<uint> Shift16By4 = LaneShift(4);
    private static readonly Vector512<uint> Shift16By8 = LaneShift(8);
    private static readonly Vector512<uint> Weights16By1 = StepWeights(1);
    private static readonly Vector512<uint> Weights16By2 = StepWeights(2);
    private static readonly Vector512<uint> Weights16By4 = StepWeights(4);
    private static readonly Vector512<uint> Weights16By8 = StepWeights(8);

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
        ref var words = ref MemoryMarshal.GetArrayDataReference(filter);
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
                if (BlockIndex.MayContain(ref words, shift, even))
                {
                    hash = even;
                    return p;
                }

                if (BlockIndex.MayContain(ref words, shift, odd))
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
            if (BlockIndex.MayContain(ref words, shift, h))
            {
                break;
            }

            h = (h * Mult) + Difference(ref data, p, length, power);
            p++;
        }

        hash = h;
        return p;
    }

    /// <summary>
    /// In batches of <see cref="HitBatch"/> positions: first the batch's weak sums, 16 or 8 per step (see
    /// <see cref="FillBatch16"/>), with each sum's filter word number and bit mask; then a scalar pass tests the
    /// filter, one independent load per position. AVX2 gathers were no faster than that pass, and .NET has no
    /// 16-lane gather; measured in-process on the development EPYC: 0.8 ns per position with 16 lanes, 1.0 with
    /// 8 (gathers or this pass), 2.0 for the portable loop.
    /// </summary>
    public int CollectFilterHits(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index, FilterHits hits) =>
        CollectFilterHits(buffer, position, stop, index, hits, Avx512F.IsSupported ? 16 : Avx2.IsSupported ? 8 : 1);

    /// <summary><see cref="CollectFilterHits(ReadOnlySpan{byte}, int, int, BlockIndex, FilterHits)"/> with a chosen vector width (16, 8, or 1 for the portable loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal unsafe int CollectFilterHits(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index, FilterHits hits, int lanes)
    {
        if (lanes == 1 || (lanes == 16 && !Avx512F.IsSupported) || !Avx2.IsSupported)
        {
            return FilterHits.Collect(ref this, buffer, position, stop, index, hits);
        }

        var length = count;
        if (position >= stop)
        {
            return stop;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(stop + length, buffer.Length, nameof(stop));
        var (filter, shift) = index.Filter;
        ref var words = ref MemoryMarshal.GetArrayDataReference(filter);
        ref var data = ref MemoryMarshal.GetReference(buffer);
        var power = mult;
        var h = hash;
        var q = position;
        if (BlockIndex.MayContain(ref words, shift, h))
        {
            hits.Add(q, h);
            if (hits.IsFull)
            {
                return q + 1;
            }
        }

        var batchSums = stackalloc uint[HitBatch];
        var batchWords = stackalloc uint[HitBatch];
        var batchMasks = stackalloc uint[HitBatch];
        while (q + lanes < stop)
        {
            var first = q + 1;
            var n = lanes == 16
                ? FillBatch16(ref data, length, power, shift, ref h, ref q, stop, batchSums, batchWords, batchMasks)
                : FillBatch8(ref data, length, power, shift, ref h, ref q, stop, batchSums, batchWords, batchMasks);
            fixed (uint* filterWords = filter)
            {
                for (var i = FirstFilterHit(filterWords, batchWords, batchMasks, 0, n); i < n; i = FirstFilterHit(filterWords, batchWords, batchMasks, i + 1, n))
                {
                    hits.Add(first + i, batchSums[i]);
                    if (hits.IsFull)
                    {
                        return first + i + 1;
                    }
                }
            }
        }

        while (q + 1 < stop)
        {
            h = (h * Mult) + Difference(ref data, q, length, power);
            q++;
            if (BlockIndex.MayContain(ref words, shift, h))
            {
                hits.Add(q, h);
                if (hits.IsFull)
                {
                    return q + 1;
                }
            }
        }

        hash = h;
        return stop;
    }

    /// <summary>
    /// Sixteen positions per step, from H(q) (<paramref name="h"/>) at <paramref name="q"/>: with
    /// d(q) = in - M^n·(out + adjust), the next windows' sums are H(q+1+k) = H(q)·M^(k+1) + Σ_{i≤k} d(q+i)·M^(k-i).
    /// The inner sums are a prefix scan of the sixteen d's (four shift-multiply-add steps) that does not depend
    /// on H(q); only H(q+16) = H(q)·M^16 + (last lane) is carried from step to step, so the loop is bound by
    /// throughput, not by a chain of multiplies. Stores the sums of positions q+1.. with their filter word numbers
    /// and bit masks (<see cref="BlockIndex.MayContain(ref uint, int, uint)"/> up to the load); returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int FillBatch16(ref byte data, int length, uint power, int shift, ref uint h, ref int q, int stop, uint* sums, uint* words, uint* masks)
    {
        var powerVector = Vector512.Create(power);
        var adjustVector = Vector512.Create(power * Adjust);
        var startWeights = StartWeights16;
        var filterMultiplier = Vector512.Create(BlockIndex.FilterMultiplier);
        var bitNumber = Vector512.Create(31u);
        var one = Vector512<uint>.One;
        var mult16 = Pow(Mult, 16);
        var hash = h;
        var p = q;
        var n = 0;
        do
        {
            var outBytes = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref Unsafe.Add(ref data, p)));
            var inBytes = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref Unsafe.Add(ref data, p + length)));
            var x = inBytes - ((outBytes * powerVector) + adjustVector);
            x += Avx512F.PermuteVar16x32(x, Shift16By1) * Weights16By1;
            x += Avx512F.PermuteVar16x32(x, Shift16By2) * Weights16By2;
            x += Avx512F.PermuteVar16x32(x, Shift16By4) * Weights16By4;
            x += Avx512F.PermuteVar16x32(x, Shift16By8) * Weights16By8;
            var windowSums = (Vector512.Create(hash) * startWeights) + x;
            hash = (hash * mult16) + x.GetElement(15);

            var mixed = windowSums * filterMultiplier;
            var bits = Avx512F.ShiftLeftLogicalVariable(one, Vector512.ShiftRightLogical(mixed, shift - 5) & bitNumber)
                | Avx512F.ShiftLeftLogicalVariable(one, Vector512.ShiftRightLogical(mixed, shift - 10) & bitNumber);
            windowSums.Store(sums + n);
            Vector512.ShiftRightLogical(mixed, shift).Store(words + n);
            bits.Store(masks + n);
            n += 16;
            p += 16;
        }
        while (n < HitBatch && p + 16 < stop);

        h = hash;
        q = p;
        return n;
    }

    /// <summary><see cref="FillBatch16"/> eight positions per step, with AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int FillBatch8(ref byte data, int length, uint power, int shift, ref uint h, ref int q, int stop, uint* sums, uint* words, uint* masks)
    {
        var powerVector = Vector256.Create(power);
        var adjustVector = Vector256.Create(power * Adjust);
        var startWeights = StartWeights16.GetLower();
        var filterMultiplier = Vector256.Create(BlockIndex.FilterMultiplier);
        var bitNumber = Vector256.Create(31u);
        var one = Vector256<uint>.One;
        var mult8 = Pow(Mult, 8);
        var hash = h;
        var p = q;
        var n = 0;
        do
        {
            var outBytes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, p))).AsByte()).AsUInt32();
            var inBytes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, p + length))).AsByte()).AsUInt32();
            var x = inBytes - ((outBytes * powerVector) + adjustVector);
            x += Avx2.PermuteVar8x32(x, Shift16By1.GetLower()) * Weights16By1.GetLower();
            x += Avx2.PermuteVar8x32(x, Shift16By2.GetLower()) * Weights16By2.GetLower();
            x += Avx2.PermuteVar8x32(x, Shift16By4.GetLower()) * Weights16By4.GetLower();
            var windowSums = (Vector256.Create(hash) * startWeights) + x;
            hash = (hash * mult8) + x.GetElement(7);

            var mixed = windowSums * filterMultiplier;
            var bits = Avx2.ShiftLeftLogicalVariable(one, Vector256.ShiftRightLogical(mixed, shift - 5) & bitNumber)
                | Avx2.ShiftLeftLogicalVariable(one, Vector256.ShiftRightLogical(mixed, shift - 10) & bitNumber);
            windowSums.Store(sums + n);
            Vector256.ShiftRightLogical(mixed, shift).Store(words + n);
            bits.Store(masks + n);
            n += 8;
            p += 8;
        }
        while (n < HitBatch && p + 8 < stop);

        h = hash;
        q = p;
        return n;
    }

    /// <summary>Lane k takes lane k - s (the lanes below s take lane 0, and their weight is 0).</summary>
    private static Vector512<uint> LaneShift(int s) => Vector512.Create(Enumerable.Range(0, 16).Select(k => (uint)Math.Max(k - s, 0)).ToArray());

    /// <summary>M^s in the lanes at or above s, 0 below: the weight of a prefix-scan step of width s.</summary>
    private static Vector512<uint> StepWeights(int s) => Vector512.Create(Enumerable.Range(0, 16).Select(k => k < s ? 0 : Pow(Mult, s)).ToArray());

    /// <summary>The first <c>i</c> in [from, n) whose filter word has all of <c>masks[i]</c>'s bits, or n.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe int FirstFilterHit(uint* words, uint* wordNumbers, uint* masks, int from, int n)
    {
        var i = from;
        for (; i + 4 <= n; i += 4)
        {
            var miss0 = masks[i] & ~words[wordNumbers[i]];
            var miss1 = masks[i + 1] & ~words[wordNumbers[i + 1]];
            var miss2 = masks[i + 2] & ~words[wordNumbers[i + 2]];
            var miss3 = masks[i + 3] & ~words[wordNumbers[i + 3]];
            if (miss0 == 0 || miss1 == 0 || miss2 == 0 || miss3 == 0)
            {
                break;
            }
        }

        for (; i < n; i++)
        {
            if ((masks[i] & ~words[wordNumbers[i]]) == 0)
            {
                return i;
            }
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Difference(ref byte data, int p, int length, uint power) =>
        Unsafe.Add(ref data, p + length) - (power * (Unsafe.Add(ref data, p) + Adjust));

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
