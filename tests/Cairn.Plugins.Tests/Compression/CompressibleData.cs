namespace Cairn.Plugins.Tests.Compression;

/// <summary>Deterministic test input that compresses to about a third: text with every seventh byte random.</summary>
internal static class CompressibleData
{
    public static byte[] Create(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = i % 7 == 0 ? (byte)random.Next(256) : (byte)"the quick brown fox "[i % 20];
        }

        return data;
    }
}
