using System.Security.Cryptography;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>Deterministic test content and the comparisons the checks share.</summary>
internal static class ConformanceContent
{
    /// <summary>Bytes that depend on <paramref name="seed"/> only, so a failure can be reproduced.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    public static void Equal(ReadOnlyMemory<byte> expectedBytes, ReadOnlyMemory<byte> actualBytes, string what)
    {
        var expected = expectedBytes.Span;
        var actual = actualBytes.Span;
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var common = Math.Min(expected.Length, actual.Length);
        var first = expected[..common].CommonPrefixLength(actual[..common]);
        throw new BackendConformanceException(
            $"{what}: expected {expected.Length} bytes, got {actual.Length}; first difference at byte {first}.");
    }

    public static void EqualValue<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new BackendConformanceException($"{what}: expected {expected}, got {actual}.");
        }
    }

    public static void True(bool condition, string failure)
    {
        if (!condition)
        {
            throw new BackendConformanceException(failure);
        }
    }

    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
