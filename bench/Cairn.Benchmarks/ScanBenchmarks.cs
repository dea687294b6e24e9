using BenchmarkDotNet.Attributes;
using Cairn.Engine.FileSystem;

namespace Cairn.Benchmarks;

/// <summary>The backup's directory scan (sorted, with full metadata) over /usr/include.</summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    [Benchmark(Description = "scan /usr/include")]
    public int Scan()
    {
        var count = 0;
        foreach (var _ in new TreeScanner("/usr/include").Scan())
        {
            count++;
        }

        return count;
    }
}
