using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cairn.Delta.Checksums;

/// <summary>
/// BLAKE2b-256 of four equal-length inputs at once: each 64-bit word of the state is a
/// <see cref="Vector256{T}"/> whose lanes belong to the four messages, so one pass of the rounds does
/// the work of four (signatures and delta batches hash many equal-length blocks).
/// </summary>
internal static class Blake2bFourLanes
{
    private const int BlockBytes = 128;

    /// <summary>True when four-lane hashing is faster than four scalar hashes on this machine.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Hashes <paramref name="length"/> bytes at each of four offsets of <paramref name="buffer"/> and writes
    /// each 32-byte digest to <paramref name="digests"/> at 32-byte steps.
    /// </summary>
    public static void Hash256(ReadOnlySpan<byte> buffer, int offset0, int offset1, int offset2, int offset3, int length, Span<byte> digests)
    {
        var state = new State();
        state.H0 = Vector256.Create(0x6a09e667f3bcc908UL ^ 0x01010020UL);
        state.H1 = Vector256.Create(0xbb67ae8584caa73bUL);
        state.H2 = Vector256.Create(0x3c6ef372fe94f82bUL);
        state.H3 = Vector256.Create(0xa54ff53a5f1d36f1UL);
        state.H4 = Vector256.Create(0x510e527fade682d1UL);
        state.H5 = Vector256.Create(0x9b05688c2b3e6c1fUL);
        state.H6 = Vector256.Create(0x1f83d9abfb41bd6bUL);
        state.H7 = Vector256.Create(0x5be0cd19137e2179UL);
        ulong counter = 0;
        var done = 0;
        while (length - done > BlockBytes)
        {
            counter += BlockBytes;
            Compress(
                ref state,
                ref Unsafe.AsRef(in buffer[offset0 + done]),
                ref Unsafe.AsRef(in buffer[offset1 + done]),
                ref Unsafe.AsRef(in buffer[offset2 + done]),
                ref Unsafe.AsRef(in buffer[offset3 + done]),
                counter,
                0);
            done += BlockBytes;
        }

        // The last block of each lane, zero-padded.
        Span<byte> tails = stackalloc byte[4 * BlockBytes];
        tails.Clear();
        var tail = length - done;
        buffer.Slice(offset0 + done, tail).CopyTo(tails);
        buffer.Slice(offset1 + done, tail).CopyTo(tails[BlockBytes..]);
        buffer.Slice(offset2 + done, tail).CopyTo(tails[(2 * BlockBytes)..]);
        buffer.Slice(offset3 + done, tail).CopyTo(tails[(3 * BlockBytes)..]);
        counter += (ulong)tail;
        ref var t = ref MemoryMarshal.GetReference(tails);
        Compress(ref state, ref t, ref Unsafe.Add(ref t, BlockBytes), ref Unsafe.Add(ref t, 2 * BlockBytes), ref Unsafe.Add(ref t, 3 * BlockBytes), counter, ulong.MaxValue);

        for (var lane = 0; lane < 4; lane++)
        {
            var digest = digests.Slice(lane * 32, 32);
            BinaryPrimitives.WriteUInt64LittleEndian(digest, state.H0.GetElement(lane));
            BinaryPrimitives.WriteUInt64LittleEndian(digest[8..], state.H1.GetElement(lane));
            BinaryPrimitives.WriteUInt64LittleEndian(digest[16..], state.H2.GetElement(lane));
            BinaryPrimitives.WriteUInt64LittleEndian(digest[24..], state.H3.GetElement(lane));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load(ref byte d0, ref byte d1, ref byte d2, ref byte d3, int offset) =>
        Vector256.Create(
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref d0, offset)),
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref d1, offset)),
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref d2, offset)),
            Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref d3, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rotr32(Vector256<ulong> x) =>
        Avx2.IsSupported ? Avx2.Shuffle(x.AsUInt32(), 0b10_11_00_01).AsUInt64() : Vector256.ShiftRightLogical(x, 32) | Vector256.ShiftLeft(x, 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rotr24(Vector256<ulong> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 24)
        : Avx2.IsSupported ? Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10)).AsUInt64()
        : Vector256.ShiftRightLogical(x, 24) | Vector256.ShiftLeft(x, 40);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rotr16(Vector256<ulong> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 16)
        : Avx2.IsSupported ? Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9)).AsUInt64()
        : Vector256.ShiftRightLogical(x, 16) | Vector256.ShiftLeft(x, 48);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rotr63(Vector256<ulong> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 63) : Vector256.ShiftRightLogical(x, 63) | (x + x);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref State h, ref byte d0, ref byte d1, ref byte d2, ref byte d3, ulong counter, ulong finalMask)
    {
        var m0 = Load(ref d0, ref d1, ref d2, ref d3, 0);
        var m1 = Load(ref d0, ref d1, ref d2, ref d3, 8);
        var m2 = Load(ref d0, ref d1, ref d2, ref d3, 16);
        var m3 = Load(ref d0, ref d1, ref d2, ref d3, 24);
        var m4 = Load(ref d0, ref d1, ref d2, ref d3, 32);
        var m5 = Load(ref d0, ref d1, ref d2, ref d3, 40);
        var m6 = Load(ref d0, ref d1, ref d2, ref d3, 48);
        var m7 = Load(ref d0, ref d1, ref d2, ref d3, 56);
        var m8 = Load(ref d0, ref d1, ref d2, ref d3, 64);
        var m9 = Load(ref d0, ref d1, ref d2, ref d3, 72);
        var m10 = Load(ref d0, ref d1, ref d2, ref d3, 80);
        var m11 = Load(ref d0, ref d1, ref d2, ref d3, 88);
        var m12 = Load(ref d0, ref d1, ref d2, ref d3, 96);
        var m13 = Load(ref d0, ref d1, ref d2, ref d3, 104);
        var m14 = Load(ref d0, ref d1, ref d2, ref d3, 112);
        var m15 = Load(ref d0, ref d1, ref d2, ref d3, 120);
        Vector256<ulong> v0 = h.H0, v1 = h.H1, v2 = h.H2, v3 = h.H3, v4 = h.H4, v5 = h.H5, v6 = h.H6, v7 = h.H7;
        var v8 = Vector256.Create(0x6a09e667f3bcc908UL);
        var v9 = Vector256.Create(0xbb67ae8584caa73bUL);
        var v10 = Vector256.Create(0x3c6ef372fe94f82bUL);
        var v11 = Vector256.Create(0xa54ff53a5f1d36f1UL);
        var v12 = Vector256.Create(0x510e527fade682d1UL ^ counter);
        var v13 = Vector256.Create(0x9b05688c2b3e6c1fUL);
        var v14 = Vector256.Create(0x1f83d9abfb41bd6bUL ^ finalMask);
        var v15 = Vector256.Create(0x5be0cd19137e2179UL);
        v0 += v4 + m0; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m1; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m2; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m3; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m4; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m5; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m6; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m7; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m8; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m9; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m10; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m11; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m12; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m13; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m14; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m15; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m14; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m10; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m4; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m8; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m9; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m15; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m13; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m6; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m1; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m12; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m0; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m2; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m11; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m7; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m5; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m3; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m11; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m8; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m12; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m0; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m5; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m2; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m15; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m13; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m10; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m14; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m3; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m6; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m7; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m1; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m9; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m4; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m7; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m9; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m3; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m1; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m13; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m12; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m11; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m14; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m2; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m6; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m5; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m10; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m4; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m0; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m15; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m8; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m9; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m0; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m5; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m7; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m2; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m4; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m10; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m15; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m14; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m1; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m11; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m12; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m6; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m8; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m3; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m13; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m2; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m12; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m6; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m10; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m0; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m11; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m8; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m3; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m4; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m13; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m7; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m5; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m15; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m14; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m1; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m9; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m12; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m5; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m1; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m15; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m14; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m13; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m4; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m10; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m0; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m7; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m6; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m3; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m9; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m2; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m8; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m11; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m13; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m11; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m7; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m14; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m12; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m1; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m3; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m9; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m5; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m0; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m15; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m4; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m8; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m6; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m2; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m10; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m6; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m15; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m14; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m9; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m11; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m3; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m0; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m8; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m12; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m2; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m13; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m7; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m1; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m4; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m10; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m5; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m10; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m2; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m8; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m4; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m7; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m6; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m1; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m5; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m15; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m11; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m9; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m14; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m3; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m12; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m13; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m0; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m0; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m1; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m2; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m3; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m4; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m5; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m6; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m7; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m8; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m9; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m10; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m11; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m12; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m13; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m14; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m15; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        v0 += v4 + m14; v12 = Rotr32(v12 ^ v0);
        v8 += v12; v4 = Rotr24(v4 ^ v8);
        v0 += v4 + m10; v12 = Rotr16(v12 ^ v0);
        v8 += v12; v4 = Rotr63(v4 ^ v8);
        v1 += v5 + m4; v13 = Rotr32(v13 ^ v1);
        v9 += v13; v5 = Rotr24(v5 ^ v9);
        v1 += v5 + m8; v13 = Rotr16(v13 ^ v1);
        v9 += v13; v5 = Rotr63(v5 ^ v9);
        v2 += v6 + m9; v14 = Rotr32(v14 ^ v2);
        v10 += v14; v6 = Rotr24(v6 ^ v10);
        v2 += v6 + m15; v14 = Rotr16(v14 ^ v2);
        v10 += v14; v6 = Rotr63(v6 ^ v10);
        v3 += v7 + m13; v15 = Rotr32(v15 ^ v3);
        v11 += v15; v7 = Rotr24(v7 ^ v11);
        v3 += v7 + m6; v15 = Rotr16(v15 ^ v3);
        v11 += v15; v7 = Rotr63(v7 ^ v11);
        v0 += v5 + m1; v15 = Rotr32(v15 ^ v0);
        v10 += v15; v5 = Rotr24(v5 ^ v10);
        v0 += v5 + m12; v15 = Rotr16(v15 ^ v0);
        v10 += v15; v5 = Rotr63(v5 ^ v10);
        v1 += v6 + m0; v12 = Rotr32(v12 ^ v1);
        v11 += v12; v6 = Rotr24(v6 ^ v11);
        v1 += v6 + m2; v12 = Rotr16(v12 ^ v1);
        v11 += v12; v6 = Rotr63(v6 ^ v11);
        v2 += v7 + m11; v13 = Rotr32(v13 ^ v2);
        v8 += v13; v7 = Rotr24(v7 ^ v8);
        v2 += v7 + m7; v13 = Rotr16(v13 ^ v2);
        v8 += v13; v7 = Rotr63(v7 ^ v8);
        v3 += v4 + m5; v14 = Rotr32(v14 ^ v3);
        v9 += v14; v4 = Rotr24(v4 ^ v9);
        v3 += v4 + m3; v14 = Rotr16(v14 ^ v3);
        v9 += v14; v4 = Rotr63(v4 ^ v9);
        h.H0 ^= v0 ^ v8;
        h.H1 ^= v1 ^ v9;
        h.H2 ^= v2 ^ v10;
        h.H3 ^= v3 ^ v11;
        h.H4 ^= v4 ^ v12;
        h.H5 ^= v5 ^ v13;
        h.H6 ^= v6 ^ v14;
        h.H7 ^= v7 ^ v15;
    }

    private struct State
    {
        public Vector256<ulong> H0;
        public Vector256<ulong> H1;
        public Vector256<ulong> H2;
        public Vector256<ulong> H3;
        public Vector256<ulong> H4;
        public Vector256<ulong> H5;
        public Vector256<ulong> H6;
        public Vector256<ulong> H7;
    }
}
