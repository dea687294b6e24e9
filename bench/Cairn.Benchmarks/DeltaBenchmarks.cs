using BenchmarkDotNet.Attributes;
using Cairn.Delta;

namespace Cairn.Benchmarks;

/// <summary>
/// The rsync engine on a 32 MiB file of binaries: signature of the old version, delta of a new version with a
/// 4 KiB insertion in the middle and a few edits, and the patch that rebuilds it (BLAKE2, RabinKarp: librsync's defaults);
/// and the delta of 32 MiB of random data unrelated to its basis (the unmatched-data scan on two cores, no I/O).
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
    private byte[] _unrelated = [];
    private Signature? _unrelatedBasis;

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

        var randomBasis = new byte[Length];
        random.NextBytes(randomBasis);
        _unrelated = new byte[Length];
        random.NextBytes(_unrelated);
        using var randomSignature = new MemoryStream();
        SignatureBuilder.Build(new MemoryStream(randomBasis, writable: false), randomSignature, SignatureParameters.Recommended(Length));
        randomSignature.Position = 0;
        _unrelatedBasis = Signature.ReadFrom(randomSignature);
    }

    [Benchmark(Description = "signature of 32 MiB")]
    public void BuildSignature() =>
        SignatureBuilder.Build(new MemoryStream(_basis, writable: false), Stream.Null, SignatureParameters.Recommended(Length));

    [Benchmark(Description = "delta of 32 MiB (4 KiB inserted, 16 edits)")]
    public void BuildDelta() =>
        DeltaBuilder.Build(_loaded!, new MemoryStream(_changed, writable: false), Stream.Null);

    [Benchmark(Description = "delta of 32 MiB unrelated to its basis")]
    public void BuildUnrelatedDelta() =>
        DeltaBuilder.Build(_unrelatedBasis!, new MemoryStream(_unrelated, writable: false), Stream.Null);

    [Benchmark(Description = "patch 32 MiB")]
    public long ApplyPatch() =>
        DeltaPatcher.Apply(new MemoryStream(_basis, writable: false), new MemoryStream(_delta, writable: false), Stream.Null);
}
