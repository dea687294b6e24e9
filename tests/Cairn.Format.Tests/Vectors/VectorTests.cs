using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Vectors;

/// <summary>
/// The checked-in vectors of format-spec/vectors are golden files: the implementation must give each
/// its expected outcome, and must still write the golden ones byte for byte. Regenerate only when the
/// format itself changes (CAIRN_WRITE_VECTORS=1 dotnet test --filter Vectors), never to silence a failure.
/// </summary>
public sealed class VectorTests
{
    private static readonly string SourceFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../format-spec/vectors"));
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "vectors");

    public static IEnumerable<object[]> Cases() => Manifest().Select(c => new object[] { c.Name });

    [Fact]
    public void The_writer_still_produces_every_golden_vector_byte_for_byte()
    {
        if (Environment.GetEnvironmentVariable("CAIRN_WRITE_VECTORS") == "1")
        {
            WriteVectors();
        }

        var golden = VectorGenerator.Generate(includeRandom: false).ToList();
        Assert.Equal(golden.Count, Manifest().Count(c => c.Golden));
        foreach (var (vector, files) in golden)
        {
            foreach (var (name, bytes) in files)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Folder, name))), $"{vector.Name}: {name} differs from the checked-in vector");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_vector_gives_its_expected_outcome(string name)
    {
        var vector = Manifest().Single(c => c.Name == name);
        var volumes = vector.Files.Select(f => File.ReadAllBytes(Path.Combine(Folder, f))).ToList();
        var identities = Identities(vector);

        // Read through both zstd implementations: the frames are ZstdSharp's, and libzstd must read them too.
        var readings = new[] { ("ZstdSharp", TestAlgorithms.All), ("libzstd", TestAlgorithms.WithSystemZstd) }.SelectMany(algorithms => new[]
        {
            ($"through the index with {algorithms.Item1}", Outcome(() => ListingOfSet(volumes, algorithms.Item2, identities))),
            ($"front to back with {algorithms.Item1}", Outcome(() => ListingFrontToBack(volumes, algorithms.Item2, identities))),
        });

        foreach (var (how, (outcome, listing)) in readings)
        {
            Assert.True(outcome == vector.Expected, $"{name} read {how}: expected {vector.Expected}, got {outcome} ({listing})");
            if (vector.ListingSha256 is not null)
            {
                Assert.Equal(vector.ListingSha256, listing);
            }
        }
    }

    internal static IReadOnlyList<VectorCase> Manifest() =>
        JsonSerializer.Deserialize<List<VectorCase>>(File.ReadAllText(Path.Combine(Folder, "vectors.json")))!;

    private static void WriteVectors()
    {
        Directory.CreateDirectory(SourceFolder);
        Directory.CreateDirectory(Folder);
        var cases = new List<VectorCase>();
        foreach (var (vector, files) in VectorGenerator.Generate(includeRandom: true))
        {
            foreach (var (name, bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(SourceFolder, name), bytes);
                File.WriteAllBytes(Path.Combine(Folder, name), bytes);
            }

            var volumes = vector.Files.Select(f => File.ReadAllBytes(Path.Combine(SourceFolder, f))).ToList();
            var (outcome, listing) = Outcome(() => ListingOfSet(volumes, TestAlgorithms.All, Identities(vector)));
            if (outcome != vector.Expected)
            {
                throw new InvalidOperationException($"Vector {vector.Name}: generated {outcome}, meant {vector.Expected} ({listing}).");
            }

            cases.Add(vector with { ListingSha256 = outcome == "success" ? listing : null });
        }

        var json = JsonSerializer.Serialize(cases, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }) + "\n";
        File.WriteAllText(Path.Combine(SourceFolder, "vectors.json"), json);
        File.WriteAllText(Path.Combine(Folder, "vectors.json"), json);
    }

    private static IReadOnlyList<IIdentity> Identities(VectorCase vector) => vector.Identity switch
    {
        "none" => [],
        "cleartext-key" => [new FixedKeyRecipient()],
        "cleartext-key-wrong" => [new WrongKey()],
        "passphrase" => [TestAlgorithms.PassphraseIdentity(vector.Passphrase!)],
        _ => throw new InvalidOperationException($"Unknown identity '{vector.Identity}'."),
    };

    private static (string Outcome, string Detail) Outcome(Func<string> read)
    {
        try
        {
            return ("success", read());
        }
        catch (AuthenticationFailedException ex)
        {
            return (ex.Message.Contains("none of the", StringComparison.Ordinal) ? "wrong-key" : "auth-error", ex.Message);
        }
        catch (ArchiveFormatException ex)
        {
            return ("format-error", ex.Message);
        }
    }

    private static string ListingOfSet(List<byte[]> volumes, ArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        using var set = VolumeSetReader.Open(n => n <= volumes.Count ? new MemoryStream(volumes[(int)n - 1]) : null, algorithms, identities);
        var listing = new StringBuilder();
        foreach (var entry in set.Entries)
        {
            Describe(listing, entry.Metadata.Path, entry.Metadata.Type.ToString(), entry.Metadata.Mode, TestArchive.ReadAll(set.OpenData(entry)));
        }

        return Hash(listing);
    }

    private static string ListingFrontToBack(List<byte[]> volumes, ArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        var listing = new StringBuilder();
        foreach (var entry in SequentialArchiveReader.Read(volumes.Select(v => (Stream)new MemoryStream(v)), algorithms, identities))
        {
            Describe(listing, entry.Metadata.Path, entry.Metadata.Type.ToString(), entry.Metadata.Mode, TestArchive.ReadAll(entry.Data));
        }

        return Hash(listing);
    }

    /// <summary>The listing whose SHA-256 vectors.json records: one line per entry, "path-hex type mode-octal size data-sha256".</summary>
    private static void Describe(StringBuilder listing, byte[] path, string type, uint mode, byte[] data) =>
        listing.Append($"{Convert.ToHexString(path).ToLowerInvariant()} {type.ToLowerInvariant()} {Convert.ToString(mode, 8)} {data.Length} {Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant()}\n");

    private static string Hash(StringBuilder listing) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString()))).ToLowerInvariant();

    private sealed class WrongKey : IIdentity
    {
        public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey) => false;
    }
}
