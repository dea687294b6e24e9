using BenchmarkDotNet.Attributes;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Benchmarks;

/// <summary>The archive writer's frame pipeline: a 64 MiB file compressed (zstd-3) and encrypted (AES-256-GCM).</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private const int Length = 64 << 20;
    private byte[] _data = [];
    private MemoryStream _output = new();

    [GlobalSetup]
    public void Setup()
    {
        _data = SampleData.Binaries(Length);
        _output = new MemoryStream(Length + (Length / 4));
    }

    [Benchmark(Description = "compress+encrypt 64 MiB (zstd-3, AES-256-GCM)")]
    public long CompressAndEncrypt()
    {
        _output.Position = 0;
        _output.SetLength(0);
        using var writer = new ArchiveWriter(_output, SampleData.EncryptedZstd3());
        writer.AddEntry(
            new EntryMetadata { Path = "big.bin"u8.ToArray(), Type = EntryType.File, Mode = 0b110_100_100, Size = Length },
            new MemoryStream(_data, writable: false));
        writer.Finish();
        return _output.Length;
    }
}
