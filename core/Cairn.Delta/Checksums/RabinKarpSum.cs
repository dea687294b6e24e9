using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<byte> data)
    {
        var h = hash;
        ref var p = ref MemoryMarshal.GetReference(data);
        var n = data.Length;
        var i = 0;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rotate(byte outByte, byte inByte) => hash = (hash * Mult) + inByte - (mult * (outByte + Adjust));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int RollWhileAbsent(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index)
    {
        // Locals only: the multiply-add chain is the loop's critical path (about 4 cycles a byte); the
        // filter load and test run beside it and almost never branch.
        var (filter, shift) = index.Filter;
        ref var bits = ref MemoryMarshal.GetArrayDataReference(filter);
        ref var data = ref MemoryMarshal.GetReference(buffer);
        var h = hash;
        var power = mult;
        var length = count;
        var p = position;
        while (p < stop)
        {
            var bit = (h * BlockIndex.FilterMultiplier) >> shift;
            if ((Unsafe.Add(ref bits, bit >> 6) & (1UL << (int)bit)) != 0)
            {
                break;
            }

            h = (h * Mult) + Unsafe.Add(ref data, p + length) - (power * (Unsafe.Add(ref data, p) + Adjust));
            p++;
        }

        hash = h;
        return p;
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
