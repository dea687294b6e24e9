namespace Cairn.Delta.Tests;

/// <summary>Deterministic inputs: random, compressible text-like, zeros, repeated blocks, and edits of them.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Text-like bytes from a small alphabet with repeats: compressible, but not periodic.</summary>
    public static byte[] SemiCompressible(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        const string words = "the quick brown fox jumps over lazy dog cairn backup delta block sum ";
        for (var i = 0; i < length; i++)
        {
            data[i] = random.Next(8) == 0 ? (byte)random.Next(256) : (byte)words[random.Next(words.Length)];
        }

        return data;
    }

    public static byte[] RepeatedBlocks(int blockLength, int blocks, int distinct, int seed)
    {
        var patterns = Enumerable.Range(0, distinct).Select(i => Random(blockLength, seed + i)).ToArray();
        var random = new Random(seed);
        return Enumerable.Range(0, blocks).SelectMany(_ => patterns[random.Next(distinct)]).ToArray();
    }

    public static byte[] Insert(byte[] data, int at, byte[] inserted) => [.. data.AsSpan(0, at), .. inserted, .. data.AsSpan(at)];

    public static byte[] Delete(byte[] data, int at, int length) => [.. data.AsSpan(0, at), .. data.AsSpan(at + length)];

    public static byte[] Replace(byte[] data, int at, byte[] replacement)
    {
        var copy = (byte[])data.Clone();
        replacement.CopyTo(copy, at);
        return copy;
    }

    /// <summary>The delta of <paramref name="changed"/> against a signature of <paramref name="basis"/> (block length chosen as librsync does unless given).</summary>
    public static byte[] Delta(byte[] basis, byte[] changed, int blockLength = 0)
    {
        var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(basis), signature, SignatureParameters.Recommended(basis.Length, blockLength: blockLength));
        var delta = new MemoryStream();
        DeltaBuilder.Build(Signature.ReadFrom(new MemoryStream(signature.ToArray())), new MemoryStream(changed), delta);
        return delta.ToArray();
    }
}
