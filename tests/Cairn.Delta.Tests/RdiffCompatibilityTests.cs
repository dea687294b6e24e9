using Cairn.Testing;

namespace Cairn.Delta.Tests;

/// <summary>
/// Cairn against the real <c>rdiff</c> (librsync 2.3.2) on every case and format: identical signatures,
/// identical deltas, and each tool patches with the other's delta.
/// </summary>
public sealed class RdiffCompatibilityTests
{
    public static IEnumerable<object[]> CasesWithDefaultParameters => Cases.Names;

    /// <summary>Every case in the four formats and a spread of block and strong-sum lengths.</summary>
    public static IEnumerable<object[]> FormatMatrix()
    {
        var formats = new (WeakSumAlgorithm, StrongSumAlgorithm)[]
        {
            (WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Blake2),
            (WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Md4),
            (WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Blake2),
            (WeakSumAlgorithm.Rollsum, StrongSumAlgorithm.Md4),
        };
        var lengths = new (int Block, int Strong)[] { (0, 0), (1, 0), (7, 3), (64, 8), (1000, 1), (2048, -1), (4096, 16) };
        var cases = new[] { "empty-basis", "shorter-than-block", "short-last-block-matches", "insert-middle", "delete-start", "repeated-blocks-shifted", "all-zero", "replace-scattered", "unrelated-random" };
        var i = 0;
        foreach (var name in cases)
        {
            foreach (var (weak, strong) in formats)
            {
                // Rotate through the lengths so the matrix stays a few hundred runs, not thousands.
                foreach (var (block, strongLength) in new[] { lengths[i % lengths.Length], lengths[(i + 3) % lengths.Length] })
                {
                    yield return [name, weak, strong, block, strongLength];
                }

                i++;
            }
        }
    }

    [Theory]
    [MemberData(nameof(CasesWithDefaultParameters))]
    public void DefaultParametersMatchRdiffByteForByte(string name) =>
        CompareWithRdiff(name, WeakSumAlgorithm.RabinKarp, StrongSumAlgorithm.Blake2, 0, 0);

    [Theory]
    [MemberData(nameof(FormatMatrix))]
    public void EveryFormatAndLengthMatchesRdiffByteForByte(string name, WeakSumAlgorithm weak, StrongSumAlgorithm strong, int block, int strongLength) =>
        CompareWithRdiff(name, weak, strong, block, strongLength);

    private static void CompareWithRdiff(string name, WeakSumAlgorithm weak, StrongSumAlgorithm strong, int block, int strongLength)
    {
        var (basis, changed) = Cases.Get(name);
        using var dir = new TempDirectory("cairn-delta");
        File.WriteAllBytes(dir.File("basis"), basis);
        File.WriteAllBytes(dir.File("new"), changed);
        var parameters = SignatureParameters.Recommended(basis.Length, weak, strong, block, strongLength);

        var options = RdiffTool.SignatureOptions(parameters);
        RdiffTool.Run([.. options, "signature", dir.File("basis"), dir.File("rdiff.sig")]);
        var cairnSignature = new MemoryStream();
        using (var input = File.OpenRead(dir.File("basis")))
        {
            SignatureBuilder.Build(input, cairnSignature, parameters);
        }

        Assert.Equal(File.ReadAllBytes(dir.File("rdiff.sig")), cairnSignature.ToArray());

        RdiffTool.Run("-f", "delta", dir.File("rdiff.sig"), dir.File("new"), dir.File("rdiff.delta"));
        Signature signature;
        using (var sigStream = File.OpenRead(dir.File("rdiff.sig")))
        {
            signature = Signature.ReadFrom(sigStream);
        }

        using (var input = File.OpenRead(dir.File("new")))
        using (var output = File.Create(dir.File("cairn.delta")))
        {
            DeltaBuilder.Build(signature, input, output);
        }

        Assert.Equal(File.ReadAllBytes(dir.File("rdiff.delta")), File.ReadAllBytes(dir.File("cairn.delta")));

        // rdiff applies Cairn's delta, and Cairn applies rdiff's.
        RdiffTool.Run("-f", "patch", dir.File("basis"), dir.File("cairn.delta"), dir.File("rdiff.out"));
        Assert.Equal(changed, File.ReadAllBytes(dir.File("rdiff.out")));
        using (var basisStream = File.OpenRead(dir.File("basis")))
        using (var delta = File.OpenRead(dir.File("rdiff.delta")))
        {
            var output = new MemoryStream();
            var written = DeltaPatcher.Apply(basisStream, delta, output);
            Assert.Equal(changed.Length, written);
            Assert.Equal(changed, output.ToArray());
        }
    }
}
