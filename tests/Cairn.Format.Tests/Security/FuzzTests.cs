using System.Diagnostics;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Security;

public sealed class FuzzTests
{
    /// <summary>
    /// Thousands of damaged archives (bytes changed, removed, inserted, duplicated, cut): only format and
    /// authentication errors come out, each case ends quickly, and none allocates much.
    /// </summary>
    [Theory(Timeout = 240_000)]
    [InlineData(true, 2500)]
    [InlineData(false, 2500)]
    public async Task Mutated_archives_fail_only_with_format_or_authentication_errors(bool encrypted, int cases)
    {
        await Task.Run(() =>
        {
            var original = TestArchive.Write(
                TestArchive.FixedOptions(encrypted: encrypted, frameSize: 1024),
                [
                    (TestEntries.File("a"), TestEntries.Data(3000, 1)),
                    (TestEntries.Full([0x61, 0xFF]), TestEntries.RandomData(2000, 2)),
                    (TestEntries.Directory("b"), null),
                ]);
            var random = new Random(encrypted ? 1 : 2);
            var slowest = TimeSpan.Zero;
            long largestAllocation = 0;
            for (var i = 0; i < cases; i++)
            {
                var mutated = Mutate(original, random);
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                try
                {
                    ArchiveProbe.Failure(mutated, encrypted); // any other exception type fails the test
                }
                finally
                {
                    slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                    largestAllocation = Math.Max(largestAllocation, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
                }
            }

            Assert.True(slowest < TimeSpan.FromSeconds(5), $"slowest case took {slowest}");
            Assert.True(largestAllocation < 32 << 20, $"a case allocated {largestAllocation} bytes");
        });
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at)); break;
                case 2: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))); break;
                case 3: bytes = bytes.Take(at).ToList(); break;
                case 4: // a large value in a length-like place
                    for (var k = 0; k < 8 && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = k == 7 ? (byte)0x7F : (byte)0xFF;
                    }

                    break;
                default:
                    var from = random.Next(bytes.Count);
                    var count = Math.Min(random.Next(1, 200), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, count));
                    break;
            }
        }

        return [.. bytes];
    }
}
