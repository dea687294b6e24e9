using BenchmarkDotNet.Attributes;
using Cairn.Delta;

namespace Cairn.Benchmarks;

/// <summary>
/// The rsync engine on a 32 MiB file of binaries: signature of the old version, delta of a new version with a
/// 4 KiB insertion in the middle and a few edits, and the patch that rebuilds it (BLAKE2, RabinKarp: librsync's defaults).
/// </summary>
[MemoryDiagnoser]
public class DeltaBenchmarks
{
    private const int Length = 32 << 20;
    private byte[] _basis = [];
    private byte[] _changed = [];
    private byte[] _signature = [];
    private byte[] _delta = [];
    private Signature? _loaded;

    [GlobalSetup]
    public void Setup()
    {
        _basis = SampleData.Binaries(Length);
        var random = new Random(11);
        var insertion = new byte[4096];
        random.NextBytes(insertion);
        _changed = [.. _basis.AsSpan(0, Length / 2), .. insertion, .. _basis.AsSpan(Length / 2)];
        for (var i = 0; i < 16; i++)
        {
            _changed[random.Next(_changed.Length)] ^= 0x5a;
        }

        using var signature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(_basis, writable: false), signature, SignatureParameters.Recommended(Length));
        _signature = signature.ToArray();
        _loaded = Signature.ReadFrom(new MemoryStream(_signature, writable: false));
        using var delta = new MemoryStream();
        DeltaBuilder.Build(_loaded, new MemoryStream(_changed, writable: false), delta);
        _delta = delta.ToArray();
    }

    [Benchmark(Description = "signature of 32 MiB")]
    public void BuildSignature() =>
        SignatureBuilder.Build(new MemoryStream(_basis, writable: false), Stream.Null, SignatureParameters.Recommended(Length));

    [Benchmark(Description = "delta of 32 MiB (4 KiB inserted, 16 edits)")]
    public void BuildDelta() =>
        DeltaBuilder.Build(_loaded!, new MemoryStream(_changed, writable: false), Stream.Null);

    [Benchmark(Description = "patch 32 MiB")]
    public long ApplyPatch() =>
        DeltaPatcher.Apply(new MemoryStream(_basis, writable: false), new MemoryStream(_delta, writable: false), Stream.Null);
}
