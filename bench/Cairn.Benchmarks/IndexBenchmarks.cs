using BenchmarkDotNet.Attributes;
using Cairn.Format;
using Cairn.Format.Entries;
using System.Text;

namespace Cairn.Benchmarks;

/// <summary>Opening an encrypted archive of 20,000 small entries and reading its index (what a single-file restore does first).</summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    private const int Entries = 20_000;
    private byte[] _volume = [];

    [GlobalSetup]
    public void Setup()
    {
        using var output = new MemoryStream();
        using (var writer = new ArchiveWriter(output, SampleData.EncryptedZstd3()))
        {
            var content = new byte[600];
            for (var i = 0; i < Entries; i++)
            {
                content[i % content.Length]++;
                var path = Encoding.UTF8.GetBytes($"include/d{i / 500:D3}/header-{i:D5}.h");
                writer.AddEntry(
                    new EntryMetadata { Path = path, Type = EntryType.File, Mode = 0b110_100_100, Size = content.Length, ModificationTimeNs = i * 1_000_000_000L },
                    new MemoryStream(content, writable: false));
            }

            writer.Finish();
        }

        _volume = output.ToArray();
    }

    [Benchmark(Description = "open + read index of 20,000 entries")]
    public int OpenAndReadIndex()
    {
        using var reader = ArchiveReader.Open(new MemoryStream(_volume, writable: false), SampleData.Algorithms, [SampleData.Identity()]);
        return reader.Entries.Count;
    }
}
