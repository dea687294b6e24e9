using System.Runtime.CompilerServices;
using System.Buffers;
using Cairn.Delta.Checksums;

namespace Cairn.Delta;

/// <summary>
/// Builds a librsync signature from data pushed to it, writing the signature to a stream as it goes:
/// feed the basis with <see cref="Append"/> in pieces of any size (e.g. while reading a file once for an
/// archive), then call <see cref="Complete"/>. Output is byte-identical to <c>rdiff signature</c> with the
/// same parameters. Blocks are hashed in parallel batches on all cores; memory stays a few MiB.
/// </summary>
public sealed class SignatureBuilder : IDisposable
{
    private const int TargetBatchBytes = 1 << 20;
    private const int ReadChunk = 256 * 1024;

    private readonly Stream output;
    private readonly SignatureParameters parameters;
    private readonly int blockLength;
    private readonly int recordLength;
    private readonly StrongHasher[] hashers;
    private readonly int batchCapacity;
    private byte[]? input;
    private byte[]? records;
    private int filled;
    private bool headerWritten;
    private bool completed;

    /// <summary>Starts a signature with the given parameters, written to <paramref name="output"/>.</summary>
    /// <param name="output">Receives the signature; not disposed by the builder.</param>
    /// <param name="parameters">The format; see <see cref="SignatureParameters.Recommended"/>.</param>
    /// <param name="expectedLength">
    /// The basis length if known (a hint, not a limit): a small basis gets a batch buffer its size instead of
    /// 1 MiB, which matters when thousands of small files are signed a few at a time.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The parameters are invalid.</exception>
    public SignatureBuilder(Stream output, SignatureParameters parameters, long expectedLength = -1)
    {
        ArgumentNullException.ThrowIfNull(output);
        parameters.Validate();
        this.output = output;
        this.parameters = parameters;
        blockLength = parameters.BlockLength;
        recordLength = 4 + parameters.StrongSumLength;
        var batchBytes = expectedLength is >= 0 and < TargetBatchBytes ? (int)expectedLength : TargetBatchBytes;
        var blocksPerBatch = Math.Max(1, (batchBytes + blockLength - 1) / blockLength);
        batchCapacity = checked(blocksPerBatch * blockLength);
        input = ArrayPool<byte>.Shared.Rent(batchCapacity);
        records = ArrayPool<byte>.Shared.Rent(Signature.HeaderLength + (blocksPerBatch * recordLength));
        hashers = new StrongHasher[Math.Clamp(blocksPerBatch, 1, Math.Max(1, Environment.ProcessorCount))];
        for (var i = 0; i < hashers.Length; i++)
        {
            hashers[i] = new StrongHasher(parameters.StrongSum, parameters.StrongSumLength);
        }
    }

    /// <summary>The parameters the signature is written with.</summary>
    public SignatureParameters Parameters => parameters;

    /// <summary>Blocks written so far.</summary>
    public long BlockCount { get; private set; }

    /// <summary>Feeds the next bytes of the basis.</summary>
    /// <param name="data">The bytes that follow those appended before.</param>
    /// <exception cref="InvalidOperationException">The builder was completed or disposed.</exception>
    /// <exception cref="IOException">Writing the signature failed.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        var buffer = input ?? throw new ObjectDisposedException(nameof(SignatureBuilder));
        if (completed)
        {
            throw new InvalidOperationException("The signature is already complete.");
        }

        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, batchCapacity - filled);
            data[..take].CopyTo(buffer.AsSpan(filled));
            filled += take;
            data = data[take..];
            if (filled == batchCapacity)
            {
                HashBatch(filled);
                filled = 0;
            }
        }
    }

    /// <summary>Hashes the last (possibly short) block and writes everything still buffered.</summary>
    /// <exception cref="IOException">Writing the signature failed.</exception>
    public void Complete()
    {
        if (input is null)
        {
            throw new ObjectDisposedException(nameof(SignatureBuilder));
        }

        if (completed)
        {
            return;
        }

        HashBatch(filled);
        filled = 0;
        completed = true;
        output.Flush();
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (input is not null)
        {
            ArrayPool<byte>.Shared.Return(input);
            input = null;
        }

        if (records is not null)
        {
            ArrayPool<byte>.Shared.Return(records);
            records = null;
        }
    }

    /// <summary>Builds the signature of a whole stream.</summary>
    /// <param name="basis">The basis, read to its end.</param>
    /// <param name="output">Receives the signature.</param>
    /// <param name="parameters">The format.</param>
    /// <exception cref="IOException">Reading or writing failed.</exception>
    public static void Build(Stream basis, Stream output, SignatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(basis);
        using var builder = new SignatureBuilder(output, parameters);
        builder.AppendFrom(basis);
        builder.Complete();
    }

    /// <summary>Reads <paramref name="stream"/> to its end straight into the batch buffer (no intermediate copy).</summary>
    private void AppendFrom(Stream stream)
    {
        var buffer = input ?? throw new ObjectDisposedException(nameof(SignatureBuilder));
        while (true)
        {
            // Reads of at most 256 KiB keep the kernel's copy within the CPU caches.
            var read = stream.Read(buffer, filled, Math.Min(batchCapacity - filled, ReadChunk));
            if (read == 0)
            {
                return;
            }

            filled += read;
            if (filled == batchCapacity)
            {
                HashBatch(filled);
                filled = 0;
            }
        }
    }

    private void HashBatch(int length)
    {
        var recordBuffer = records!;
        var offset = 0;
        if (!headerWritten)
        {
            Signature.WriteHeader(recordBuffer, parameters);
            offset = Signature.HeaderLength;
            headerWritten = true;
        }

        var blocks = (length + blockLength - 1) / blockLength;
        var data = input!;
        var workers = Math.Min(hashers.Length, blocks);
        if (workers <= 1 || length < 256 * 1024)
        {
            HashBlocks(data, length, 0, blocks, recordBuffer, offset, hashers[0]);
        }
        else
        {
            // Contiguous ranges per worker: each writes its own records, so the output order is the block order.
            var perWorker = (blocks + workers - 1) / workers;
            Parallel.For(0, workers, w =>
            {
                var first = w * perWorker;
                var last = Math.Min(blocks, first + perWorker);
                HashBlocks(data, length, first, last, recordBuffer, offset, hashers[w]);
            });
        }

        output.Write(recordBuffer, 0, offset + (blocks * recordLength));
        BlockCount += blocks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HashBlocks(byte[] data, int length, int first, int last, byte[] recordBuffer, int offset, StrongHasher hasher)
    {
        var strongLength = parameters.StrongSumLength;
        Span<int> offsets = stackalloc int[16];
        Span<byte> strong = stackalloc byte[16 * 32];
        for (var b = first; b < last;)
        {
            // Full-length blocks go to the hasher in groups (it hashes equal-length windows several at a time).
            var group = 0;
            while (group < offsets.Length && b + group < last && ((b + group + 1) * blockLength) <= length)
            {
                offsets[group] = (b + group) * blockLength;
                group++;
            }

            if (group == 0)
            {
                // The short last block.
                offsets[0] = b * blockLength;
                hasher.Compute(data.AsSpan(offsets[0], length - offsets[0]), strong);
                WriteRecord(recordBuffer, offset, b, data.AsSpan(offsets[0], length - offsets[0]), strong);
                b++;
                continue;
            }

            hasher.ComputeMany(data, offsets[..group], blockLength, strong);
            for (var i = 0; i < group; i++)
            {
                WriteRecord(recordBuffer, offset, b + i, data.AsSpan(offsets[i], blockLength), strong.Slice(i * strongLength, strongLength));
            }

            b += group;
        }
    }

    private void WriteRecord(byte[] recordBuffer, int offset, int block, ReadOnlySpan<byte> data, ReadOnlySpan<byte> strong)
    {
        var record = recordBuffer.AsSpan(offset + (block * recordLength), recordLength);
        Signature.WriteRecord(record, Signature.ComputeWeakSum(parameters.WeakSum, data), strong[..parameters.StrongSumLength]);
    }
}
