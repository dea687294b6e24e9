using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using static Cairn.Hosting.Backends.Conformance.ConformanceContent;

namespace Cairn.Hosting.Backends.Conformance;

public sealed partial class BackendConformance
{
    /// <summary>An object reads back exactly as written.</summary>
    public Task ReadsWholeObjectAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var content = Bytes(100_000, 11);
        await WriteBytesAsync(store, "whole.bin", content, cancellationToken).ConfigureAwait(false);
        Equal(content, await ReadBytesAsync(store, "whole.bin", cancellationToken).ConfigureAwait(false), "reading whole.bin");
    }, cancellationToken);

    /// <summary>A zero-byte object exists, has size 0 and reads as nothing, also through a range.</summary>
    public Task RoundTripsEmptyObjectAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await WriteBytesAsync(store, "empty", [], cancellationToken).ConfigureAwait(false);
        var info = await store.StatAsync("empty", cancellationToken).ConfigureAwait(false);
        True(info is { Size: 0 }, $"stat of a zero-byte object: expected size 0, got {(info is null ? "null" : info.Size)}");
        Equal(Array.Empty<byte>(), await ReadBytesAsync(store, "empty", cancellationToken).ConfigureAwait(false), "reading a zero-byte object");
        Equal(Array.Empty<byte>(), await ReadBytesAsync(store, "empty", cancellationToken, 0, 10).ConfigureAwait(false), "reading range 0+10 of a zero-byte object");
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("empty", 0)], "listing a zero-byte object");
    }, cancellationToken);

    /// <summary>
    /// Ranged reads return exactly the bytes asked for. A range that runs past the end stops at the end;
    /// a range that starts at or past the end is empty (not an error).
    /// </summary>
    public Task ReadsRangesAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        const int size = 10_000;
        var content = Bytes(size, 13);
        await WriteBytesAsync(store, "ranges.bin", content, cancellationToken).ConfigureAwait(false);
        (long Offset, long? Length, int ExpectedStart, int ExpectedLength)[] cases =
        [
            (0, 100, 0, 100), (4000, 1000, 4000, 1000), (size - 100, 100, size - 100, 100), (size - 10, null, size - 10, 10),
            (5000, null, 5000, size - 5000), (0, null, 0, size), (0, 0, 0, 0), (1, 1, 1, 1),
            (size - 50, 500, size - 50, 50), (size, null, size, 0), (size, 10, size, 0), (size + 10_000, 5, size, 0),
        ];
        foreach (var (offset, length, expectedStart, expectedLength) in cases)
        {
            var actual = await ReadBytesAsync(store, "ranges.bin", cancellationToken, offset, length).ConfigureAwait(false);
            Equal(content.AsMemory(expectedStart, expectedLength), actual, $"reading {length?.ToString() ?? "the rest"} bytes at offset {offset} of a {size}-byte object");
        }
    }, cancellationToken);

    /// <summary>Negative offsets and lengths are argument errors.</summary>
    public Task RejectsNegativeRangesAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await WriteBytesAsync(store, "r", Bytes(10, 3), cancellationToken).ConfigureAwait(false);
        await ThrowsAsync<ArgumentOutOfRangeException>(() => store.OpenReadAsync("r", -1, null, cancellationToken), "reading at offset -1").ConfigureAwait(false);
        await ThrowsAsync<ArgumentOutOfRangeException>(() => store.OpenReadAsync("r", 0, -1, cancellationToken), "reading length -1").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// A large object, written from a non-seekable stream (so the backend cannot learn its length in advance),
    /// round-trips: its size, its SHA-256, and ranges across where multipart uploads split it.
    /// </summary>
    public Task RoundTripsLargeObjectAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        const int seed = 17;
        var size = _options.LargeObjectSize;
        using (var pattern = new PatternStream(size, seed))
        {
            await store.WriteAsync("large/object.bin", pattern, cancellationToken).ConfigureAwait(false);
        }

        var info = await store.StatAsync("large/object.bin", cancellationToken).ConfigureAwait(false);
        EqualValue(size, info?.Size ?? -1, "stat of the large object");

        using var expectedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var actualHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var expectedChunk = new byte[1 << 16];
        var actualChunk = new byte[1 << 16];
        long position = 0;
        var reader = await store.OpenReadAsync("large/object.bin", 0, null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            int read;
            while ((read = await reader.ReadAsync(actualChunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var expected = expectedChunk.AsSpan(0, (int)Math.Min(read, Math.Max(0, size - position)));
                PatternStream.Fill(expected, position, seed);
                if (!expected.SequenceEqual(actualChunk.AsSpan(0, read)))
                {
                    throw new BackendConformanceException($"reading the large object: bytes differ near offset {position}.");
                }

                expectedHash.AppendData(expected);
                actualHash.AppendData(actualChunk.AsSpan(0, read));
                position += read;
            }
        }

        EqualValue(size, position, "bytes read back from the large object");
        EqualValue(Convert.ToHexStringLower(expectedHash.GetHashAndReset()), Convert.ToHexStringLower(actualHash.GetHashAndReset()), "SHA-256 of the large object");

        // Ranges straddling the usual part boundaries (5, 8 and 16 MiB) and the end.
        foreach (var boundary in new long[] { 5L << 20, 8L << 20, 16L << 20, size })
        {
            if (boundary > size)
            {
                continue;
            }

            var offset = Math.Max(0, boundary - 1000);
            var length = (int)Math.Min(3000, size - offset);
            var expected = new byte[length];
            PatternStream.Fill(expected, offset, seed);
            Equal(expected, await ReadBytesAsync(store, "large/object.bin", cancellationToken, offset, 3000).ConfigureAwait(false),
                $"reading 3000 bytes at offset {offset} of the large object");
        }
    }, cancellationToken);
}
