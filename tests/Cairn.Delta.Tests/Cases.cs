namespace Cairn.Delta.Tests;

/// <summary>Named basis/new pairs; each pins one situation the delta rules must handle like librsync.</summary>
internal static class Cases
{
    private static readonly Dictionary<string, Func<(byte[] Basis, byte[] New)>> All = new()
    {
        ["both-empty"] = () => ([], []),
        ["empty-basis"] = () => ([], TestData.Random(5000, 1)),
        ["empty-new"] = () => (TestData.Random(5000, 2), []),
        ["identical"] = () => (TestData.Random(100_000, 3), TestData.Random(100_000, 3)),
        ["one-byte-files"] = () => ([7], [7]),
        ["shorter-than-block"] = () => (TestData.Random(100, 4), TestData.Random(100, 4)[..60]),
        ["short-last-block-matches"] = () => (TestData.Random(1000, 5), TestData.Insert(TestData.Random(1000, 5), 0, TestData.Random(33, 6))),
        ["insert-start"] = () => (TestData.Random(70_000, 7), TestData.Insert(TestData.Random(70_000, 7), 0, TestData.Random(100, 8))),
        ["insert-middle"] = () => (TestData.Random(70_000, 9), TestData.Insert(TestData.Random(70_000, 9), 35_001, TestData.Random(4096, 10))),
        ["insert-end"] = () => (TestData.Random(70_000, 11), TestData.Insert(TestData.Random(70_000, 11), 70_000, TestData.Random(777, 12))),
        ["delete-start"] = () => (TestData.Random(70_000, 13), TestData.Delete(TestData.Random(70_000, 13), 0, 1000)),
        ["delete-middle"] = () => (TestData.Random(70_000, 14), TestData.Delete(TestData.Random(70_000, 14), 30_000, 5)),
        ["delete-end"] = () => (TestData.Random(70_000, 15), TestData.Delete(TestData.Random(70_000, 15), 69_000, 1000)),
        ["replace-scattered"] = () =>
        {
            var basis = TestData.SemiCompressible(200_000, 16);
            var changed = basis;
            for (var i = 0; i < 20; i++)
            {
                changed = TestData.Replace(changed, (i * 9973) + 17, TestData.Random(50, 100 + i));
            }

            return (basis, changed);
        },
        ["repeated-blocks"] = () => (TestData.RepeatedBlocks(256, 300, 4, 17), TestData.RepeatedBlocks(256, 300, 4, 18)),
        ["repeated-blocks-shifted"] = () => (TestData.RepeatedBlocks(256, 200, 3, 19), TestData.Insert(TestData.RepeatedBlocks(256, 200, 3, 20), 10, [1, 2, 3])),
        ["all-zero"] = () => (new byte[100_000], new byte[123_457]),
        ["zero-basis-random-new"] = () => (new byte[50_000], TestData.Random(50_000, 21)),
        ["unrelated-random"] = () => (TestData.Random(300_000, 22), TestData.Random(300_000, 23)),
        ["matches-planted-in-noise"] = () =>
        {
            // Long unmatched stretches (scanned on two cores) with basis data at odd offsets between them.
            var basis = TestData.Random(600_000, 30);
            byte[] changed = [.. TestData.Random(1_000_003, 31), .. basis.AsSpan(100_000, 50_000), .. TestData.Random(700_001, 32), .. basis.AsSpan(7, 3000), .. TestData.Random(400_000, 33)];
            return (basis, changed);
        },
        ["matches-dense-in-noise"] = () =>
        {
            // Unmatched stretches long enough to be split between cores, with matches every few KiB at odd
            // offsets: basis runs, and runs of a repeated byte that a basis block also holds (so a match can
            // start at any of several neighbouring positions, wherever a stretch happens to be split).
            var basis = TestData.Random(600_000, 34);
            var block = SignatureParameters.Recommended(basis.Length).BlockLength;
            basis.AsSpan(block * 5, block).Fill(0x41);
            var changed = TestData.Random(3_000_000, 35);
            var random = new Random(36);
            for (var at = 200_000; at < 2_900_000; at += 9_001 + random.Next(60_000))
            {
                if (random.Next(3) == 0)
                {
                    changed.AsSpan(at, (block * random.Next(1, 4)) + random.Next(-1, 3)).Fill(0x41);
                }
                else
                {
                    basis.AsSpan(random.Next(basis.Length - 5000), block + random.Next(4000)).CopyTo(changed.AsSpan(at));
                }
            }

            return (basis, changed);
        },
        ["unrelated-large"] = () => (TestData.Random(1 << 20, 37), TestData.Random(9 << 20, 38)), // delta writes move to the background
        ["long-literal-runs"] = () => (TestData.Random(200_000, 24), TestData.Insert(TestData.Random(200_000, 24), 100_000, TestData.Random(100_000, 25))),
        ["semi-compressible-edit"] = () => (TestData.SemiCompressible(300_000, 26), TestData.Insert(TestData.SemiCompressible(300_000, 26), 150_000, TestData.SemiCompressible(3000, 27))),
        ["several-megabytes"] = () =>
        {
            var basis = TestData.SemiCompressible(5 << 20, 28);
            var changed = TestData.Insert(basis, 2 << 20, TestData.Random(4096, 29));
            changed = TestData.Delete(changed, 4 << 20, 10_000);
            return (basis, changed);
        },
    };

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });

    public static (byte[] Basis, byte[] New) Get(string name) => All[name]();
}
