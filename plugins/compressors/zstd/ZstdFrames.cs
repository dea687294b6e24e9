namespace Cairn.Plugins.Zstd;

/// <summary>The checks both implementations make on a decoded frame.</summary>
internal static class ZstdFrames
{
    /// <summary>The archive format records each frame's exact plaintext length; anything else is corruption.</summary>
    public static void CheckLength(int written, int expected)
    {
        if (written != expected)
        {
            throw new InvalidDataException($"zstd: frame decompressed to {written} bytes, {expected} expected.");
        }
    }
}
