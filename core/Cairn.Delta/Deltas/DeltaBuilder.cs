using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Runtime.CompilerServices;
using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// Computes a librsync delta from a loaded <see cref="Signature"/> and new data pushed to it, writing the
/// delta to a stream as it goes: feed the new data with <see cref="Append"/> in pieces of any size, then
/// call <see cref="Complete"/>. The delta is byte-identical to <c>rdiff delta</c>'s for the same inputs.
/// Memory is the signature's index plus a buffer of about 1 MiB + 2 blocks and up to about 1.5 MiB of
/// look-ahead lists and output buffers, whatever the data size.
/// </summary>
/// <remarks>
/// librsync's rules, reproduced exactly: at each position the window is the next block length of data
/// (shrinking to the remaining bytes at the end of input); a window matches the lowest-numbered block with
/// equal weak and strong sums; after a match the scan jumps past it; copies of consecutive basis blocks
/// merge without limit; literals are cut at 32 KiB; with an empty signature the data goes out as literals
/// of one block length each.
/// Long unmatched stretches are scanned on two cores (a helper thread that <see cref="Dispose"/> ends), and a
/// large delta is written on a thread-pool thread while the scan goes on: the output stream must not be
/// used by anyone else until <see cref="Complete"/> or <see cref="Dispose"/> has returned.
/// </remarks>
public sealed class DeltaBuilder : IDisposable
{
    /// <summary>librsync flushes a run of unmatched bytes as a LITERAL once it reaches this length.</summary>
    private const int MaxLiteral = 32768;

    private readonly BlockIndex? index;
    private readonly MatchLookahead? lookahead;
    private readonly WeakSumAlgorithm weakSumAlgorithm;
    private readonly int blockLength;
    private readonly int capacity;
    private readonly DeltaWriter writer;
    private readonly StrongHasher hasher;
    private readonly byte[] strongSum = new byte[32];
    private byte[]? buffer;
    private CandidateScan? candidateScan;
    /// <summary>Stream position of <c>buffer[0]</c>.</summary>
    private long bufferPosition;
    private int literalStart;
    private int scanPosition;
    private int end;
    private long matchPosition;
    private long matchLength;
    private RabinKarpSum rabinKarp = new();
    private RollSum rollSum;
    private bool completed;

    /// <summary>Starts a delta against <paramref name="signature"/>, written to <paramref name="output"/>.</summary>
    /// <param name="signature">The basis's signature.</param>
    /// <param name="output">Receives the delta; not disposed by the builder.</param>
    public DeltaBuilder(Signature signature, Stream output)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(output);
        var parameters = signature.Parameters;
        blockLength = parameters.BlockLength;
        weakSumAlgorithm = parameters.WeakSum;
        index = signature.BlockCount > 0 ? signature.Index : null;
        lookahead = index is null ? null : new MatchLookahead(parameters, index);
        hasher = new StrongHasher(parameters.StrongSum, parameters.StrongSumLength);
        capacity = MaxLiteral + (2 * blockLength) + Math.Max(blockLength, 1 << 20);
        buffer = ArrayPool<byte>.Shared.Rent(capacity);
        writer = new DeltaWriter(output);
    }

    /// <summary>Bytes of delta written so far (all of it after <see cref="Complete"/>).</summary>
    public long BytesWritten => writer.BytesWritten;

    /// <summary>Feeds the next bytes of the new data.</summary>
    /// <param name="data">The bytes that follow those appended before.</param>
    /// <exception cref="InvalidOperationException">The delta is already complete.</exception>
    /// <exception cref="IOException">Writing the delta failed.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        ThrowIfUnusable();
        while (!data.IsEmpty)
        {
            if (end == capacity)
            {
                Compact();
            }

            var take = Math.Min(data.Length, capacity - end);
            data[..take].CopyTo(buffer.AsSpan(end));
            end += take;
            data = data[take..];

            // Scanning a full buffer at a time keeps the cost per byte independent of the piece sizes (a
            // stretch of unmatched data starts its rolling sums from scratch) and gives long stretches to share
            // between cores; Complete scans what is left.
            if (end == capacity)
            {
                Scan(final: false);
            }
            else
            {
                ScanAhead();
            }
        }
    }

    /// <summary>Matches the tail of the data, writes the last commands and END, and flushes the output.</summary>
    /// <exception cref="IOException">Writing the delta failed.</exception>
    public void Complete()
    {
        ThrowIfUnusable();
        Scan(final: true);
        completed = true;
        writer.End();
    }

    /// <summary>Waits for a write in flight, ends the helper thread and returns the pooled buffers.</summary>
    public void Dispose()
    {
        // The helper thread may still be scanning ahead in the buffer: stop it before returning the buffer.
        candidateScan?.Dispose();
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        writer.Dispose();
    }

    /// <summary>Computes the delta of a whole stream against a signature.</summary>
    /// <param name="signature">The basis's signature.</param>
    /// <param name="newData">The new data, read to its end.</param>
    /// <param name="output">Receives the delta.</param>
    /// <exception cref="IOException">Reading or writing failed.</exception>
    public static void Build(Signature signature, Stream newData, Stream output)
    {
        ArgumentNullException.ThrowIfNull(newData);
        using var builder = new DeltaBuilder(signature, output);
        builder.AppendFrom(newData);
        builder.Complete();
    }

    /// <summary>Reads <paramref name="stream"/> to its end straight into the scan buffer (no intermediate copy).</summary>
    private void AppendFrom(Stream stream)
    {
        ThrowIfUnusable();
        while (true)
        {
            if (end == capacity)
            {
                Compact();
            }

            // Reads of at most 256 KiB keep the kernel's copy within the CPU caches; the scan waits for a full
            // buffer, as in Append.
            var read = stream.Read(buffer, end, Math.Min(capacity - end, 256 * 1024));
            if (read == 0)
            {
                return;
            }

            end += read;
            if (end == capacity)
            {
                Scan(final: false);
            }
            else
            {
                ScanAhead();
            }
        }
    }

    /// <summary>
    /// While the buffer fills, lets the helper thread scan ahead in an unmatched stretch the scan stopped in
    /// (see <see cref="CandidateScan.Prefetch"/>), so reading the input overlaps scanning it.
    /// </summary>
    private void ScanAhead()
    {
        if (candidateScan is null || matchLength != 0 || end - blockLength <= scanPosition)
        {
            return;
        }

        if (weakSumAlgorithm == WeakSumAlgorithm.RabinKarp)
        {
            if (rabinKarp.Count > 0)
            {
                candidateScan.Prefetch<RabinKarpSum>(buffer!, scanPosition, end - blockLength, bufferPosition);
            }
        }
        else if (rollSum.Count > 0)
        {
            candidateScan.Prefetch<RollSum>(buffer!, scanPosition, end - blockLength, bufferPosition);
        }
    }

    [MemberNotNull(nameof(buffer))]
    private void ThrowIfUnusable()
    {
        if (buffer is null)
        {
            throw new ObjectDisposedException(nameof(DeltaBuilder));
        }

        if (completed)
        {
            throw new InvalidOperationException("The delta is already complete.");
        }
    }

    private void Compact()
    {
        candidateScan?.Quiesce();
        var keep = end - literalStart;
        buffer.AsSpan(literalStart, keep).CopyTo(buffer);
        scanPosition -= literalStart;
        bufferPosition += literalStart;
        end = keep;
        literalStart = 0;
    }

    private void Scan(bool final)
    {
        if (index is null)
        {
            ScanWithoutSignature(final);
        }
        else if (weakSumAlgorithm == WeakSumAlgorithm.RabinKarp)
        {
            Scan(ref rabinKarp, index, final);
        }
        else
        {
            Scan(ref rollSum, index, final);
        }
    }

    /// <summary>librsync's "slack" delta for an empty signature: one LITERAL per block length of input.</summary>
    private void ScanWithoutSignature(bool final)
    {
        while (end - literalStart >= blockLength || (final && end > literalStart))
        {
            var length = Math.Min(blockLength, end - literalStart);
            writer.Literal(buffer.AsSpan(literalStart, length));
            literalStart += length;
        }

        scanPosition = literalStart;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scan<TSum>(ref TSum state, BlockIndex blocks, bool final)
        where TSum : struct, IRollingSum
    {
        var data = buffer!;
        var length = blockLength;
        var sum = state; // a local copy lets the JIT keep the sum in registers
        var p = scanPosition;
        while (p + length < end)
        {
            if (sum.Count == 0)
            {
                // At the start or just after a match: the next blocks probably match too, so look ahead.
                if (!lookahead!.TryGetWeakSum(bufferPosition + p, out var ahead))
                {
                    lookahead.Compute(data, p, bufferPosition + p, Math.Min(lookahead.MaxWindows, (end - p) / length));
                    lookahead.TryGetWeakSum(bufferPosition + p, out ahead);
                }

                sum.Restore(ahead, length);
            }
            else if (matchLength == 0)
            {
                // Unmatched data: jump to the next position where a block may start (found ahead, on two
                // cores for long stretches); then cut the 32 KiB literals librsync would have on the way.
                candidateScan ??= new CandidateScan(blocks, length);
                p = candidateScan.Next<TSum>(data, p, end - length, bufferPosition, out var next);
                sum.Restore(next, length);
                while (literalStart + MaxLiteral < p)
                {
                    writer.Literal(data.AsSpan(literalStart, MaxLiteral));
                    literalStart += MaxLiteral;
                }

                if (p + length >= end)
                {
                    break;
                }
            }

            var weak = sum.Digest;
            if (blocks.MayContain(weak))
            {
                var block = FindBlock(blocks, weak, data.AsSpan(p, length), lookahead!.StrongSum(bufferPosition + p));
                if (block >= 0)
                {
                    p = AppendMatch(p, (long)block * blockLength, length);
                    sum.Reset();
                    continue;
                }
            }

            AppendMiss(p);
            sum.Rotate(data[p], data[p + length]);
            p++;
        }

        if (final)
        {
            // At the end of input the window shrinks to the bytes left, so a short last block can match.
            while (p < end)
            {
                if (sum.Count == 0)
                {
                    sum.Update(data.AsSpan(p, Math.Min(length, end - p)));
                }

                var count = sum.Count;
                var weak = sum.Digest;
                if (blocks.MayContain(weak))
                {
                    var block = FindBlock(blocks, weak, data.AsSpan(p, count), default);
                    if (block >= 0)
                    {
                        p = AppendMatch(p, (long)block * blockLength, count);
                        sum.Reset();
                        continue;
                    }
                }

                AppendMiss(p);
                sum.RollOut(data[p]);
                p++;
            }

            scanPosition = p;
            FlushPending();
        }

        scanPosition = p;
        state = sum;
    }

    private int FindBlock(BlockIndex blocks, uint weak, ReadOnlySpan<byte> window, ReadOnlySpan<byte> precomputedStrongSum)
    {
        var candidates = blocks.Candidates(weak);
        if (candidates.IsEmpty)
        {
            return -1;
        }

        var strong = precomputedStrongSum;
        if (strong.IsEmpty)
        {
            hasher.Compute(window, strongSum);
            strong = strongSum.AsSpan(0, hasher.Length);
        }

        return blocks.FirstWithStrongSum(candidates, strong);
    }

    /// <summary>Records a match of <paramref name="length"/> bytes at <paramref name="p"/>; returns the next scan position.</summary>
    private int AppendMatch(int p, long basisPosition, int length)
    {
        if (matchLength > 0 && matchPosition + matchLength == basisPosition)
        {
            matchLength += length;
        }
        else
        {
            scanPosition = p;
            FlushPending();
            matchPosition = basisPosition;
            matchLength = length;
        }

        p += length;
        literalStart = p;
        return p;
    }

    /// <summary>Records that the byte at <paramref name="p"/> did not start a match.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendMiss(int p)
    {
        if (matchLength > 0)
        {
            writer.Copy(matchPosition, matchLength);
            matchLength = 0;
        }
        else if (p - literalStart >= MaxLiteral)
        {
            writer.Literal(buffer.AsSpan(literalStart, p - literalStart));
            literalStart = p;
        }
    }

    /// <summary>Writes the pending COPY or LITERAL (bytes from the literal start to the scan position).</summary>
    private void FlushPending()
    {
        if (matchLength > 0)
        {
            writer.Copy(matchPosition, matchLength);
            matchLength = 0;
        }
        else if (scanPosition > literalStart)
        {
            writer.Literal(buffer.AsSpan(literalStart, scanPosition - literalStart));
            literalStart = scanPosition;
        }
    }
}
