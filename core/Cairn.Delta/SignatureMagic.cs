namespace Cairn.Delta;

/// <summary>The magic numbers of librsync's signature and delta formats (doc/formats.md).</summary>
internal static class SignatureMagic
{
    public const uint RollsumMd4 = 0x72730136;
    public const uint RollsumBlake2 = 0x72730137;
    public const uint RabinKarpMd4 = 0x72730146;
    public const uint RabinKarpBlake2 = 0x72730147;
    public const uint Delta = 0x72730236;

    public static uint For(WeakSumAlgorithm weak, StrongSumAlgorithm strong) => (weak, strong) switch
    {
        (WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Md4) => RollsumMd4,
        (WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Blake2) => RollsumBlake2,
        (WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Md4) => RabinKarpMd4,
        _ => RabinKarpBlake2,
    };

    public static bool TryParse(uint magic, out WeakSumAlgorithm weak, out StrongSumAlgorithm strong)
    {
        (var known, weak, strong) = magic switch
        {
            RollsumMd4 => (true, WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Md4),
            RollsumBlake2 => (true, WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Blake2),
            RabinKarpMd4 => (true, WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Md4),
            RabinKarpBlake2 => (true, WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Blake2),
            _ => (false, default, default),
        };
        return known;
    }
}
