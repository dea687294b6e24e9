using System.Text;
using Cairn.Format.Crypto;
using Cairn.Format.Entries;
using Cairn.Format.Tests.Support;
using Cairn.Format.Trailer;

namespace Cairn.Format.Tests.Vectors;

/// <summary>
/// Makes the test vectors of format-spec/vectors. Golden vectors use a fixed archive key, salt and set
/// id with the cleartext-key test stanza, so they are byte-for-byte reproducible; the passphrase vector
/// has random stanza nonces and is written only when CAIRN_WRITE_VECTORS=1.
/// </summary>
internal static class VectorGenerator
{
    public const string Passphrase = "cairn-test-vector";

    public static IEnumerable<(VectorCase Case, Dictionary<string, byte[]> Files)> Generate(bool includeRandom)
    {
        var basic = Write(Options(), BasicEntries());
        yield return Golden("empty", "an encrypted volume with no entries", Write(Options(), []), "success");
        yield return Golden("basic", "a directory, files, a symlink, an entry with every metadata field; zstd, AES-256-GCM", basic, "success");
        yield return Golden("unencrypted-gzip", "unencrypted (XXH3 frame checksums), gzip", Write(Options(encrypted: false, compressor: "gzip"), BasicEntries()), "success", identity: "none");
        yield return Golden("stored-none", "the 'none' compressor: every frame stored", Write(Options(compressor: "none"), BasicEntries()), "success");
        yield return Golden("optional-feature", "an unknown optional feature bit (63) that readers must ignore", Write(Options() with { OptionalFeatures = 1UL << 63 }, BasicEntries()), "success");
        var many = Write(Options(), Enumerable.Range(0, 150).Select(i => (TestEntries.File($"many/{i:D3}"), (byte[]?)TestEntries.Data(40, i))));
        yield return Golden("many-entries", "150 small entries sharing frames; the index spans several frames", many, "success");

        var set = WriteSet(Options(frameSize: 4096), 64 * 1024);
        yield return GoldenSet("set", "three volumes; one entry crosses all of them", set, "success");
        var otherSet = WriteSet(Options(frameSize: 4096) with { SetId = [.. Enumerable.Repeat((byte)0xEE, 16)] }, 64 * 1024);
        yield return GoldenSet("wrong-set", "volume 2 taken from another set", [set[0], otherSet[1], set[2]], "format-error");
        yield return Golden("not-last-volume", "a volume not marked last, read as a whole set", Write(Options(), BasicEntries(), lastVolume: false), "format-error");

        yield return Golden("truncated", "basic cut in the middle of its frames", basic[..(basic.Length / 2)], "format-error");
        yield return Golden("truncated-trailer", "basic without its last 10 bytes", basic[..^10], "format-error");
        yield return Golden("reordered", "basic with data frames 0 and 1 swapped", SwapFirstFrames(basic), "format-error");
        yield return Golden("foreign-frame", "basic with data frame 1 from another archive under the same key (other set id)", Splice(basic, Write(Options() with { SetId = new byte[16] }, BasicEntries()), 1), "auth-error");
        yield return Golden("corrupt-index", "basic with one byte of its last index frame changed", FlipInLastFrame(basic), "auth-error");
        yield return Golden("cut-index", "many-entries without its last index frame, trailer re-authenticated to match", CutIndex(many), "format-error");
        yield return Golden("huge-declared-size", "unencrypted; frame 0 declares 2^62 bytes of plaintext", HugeFrame(Write(Options(encrypted: false), BasicEntries())), "format-error", identity: "none");
        yield return Golden("unknown-version", "header version 2", Patch(basic, 8, 2), "format-error");
        yield return Golden("unknown-mandatory-feature", "mandatory feature bit 0 set", Patch(basic, 16, 1), "format-error");
        yield return Golden("wrong-key", "basic opened with a key that does not fit", basic, "wrong-key", identity: "cleartext-key-wrong");

        if (includeRandom)
        {
            var options = Options() with { Encryption = new ArchiveEncryption(TestAlgorithms.Aes, [TestAlgorithms.PassphraseRecipient(Passphrase)]), ArchiveKey = null };
            var volume = Write(options, BasicEntries());
            yield return (new VectorCase("passphrase", "passphrase recipient (Argon2id 1 MiB, 1 pass), passphrase 'cairn-test-vector'", ["passphrase.cairn"], "passphrase", Passphrase, "success", null, false), new() { ["passphrase.cairn"] = volume });
            yield return (new VectorCase("passphrase-wrong", "the passphrase vector opened with the wrong passphrase", ["passphrase.cairn"], "passphrase", "not the passphrase", "wrong-key", null, false), new());
        }
    }

    public static IEnumerable<(EntryMetadata, byte[]?)> BasicEntries() =>
    [
        (TestEntries.Directory("docs"), null),
        (TestEntries.File("docs/readme.txt"), Encoding.UTF8.GetBytes("Cairn test vector.\n")),
        (TestEntries.File("docs/data.bin"), TestEntries.Data(5000, 42)),
        (TestEntries.File("docs/empty"), []),
        (new EntryMetadata { Path = "docs/link"u8.ToArray(), Type = EntryType.Symlink, LinkTarget = "readme.txt"u8.ToArray(), Mode = 0x1FF }, null),
        (TestEntries.Full([0x66, 0x75, 0x6C, 0x6C, 0xFF]), TestEntries.Data(100, 7)),
    ];

    private static ArchiveWriterOptions Options(bool encrypted = true, string compressor = "zstd", int frameSize = 1024) =>
        TestArchive.FixedOptions(compressor, encrypted, frameSize);

    private static byte[] Write(ArchiveWriterOptions options, IEnumerable<(EntryMetadata, byte[]?)> entries, bool lastVolume = true) =>
        TestArchive.Write(options, entries, lastVolume);

    private static List<byte[]> WriteSet(ArchiveWriterOptions options, long volumeSize) =>
        VolumeSet.Write(options, volumeSize, [(TestEntries.File("first"), TestEntries.Data(3000, 1)), (TestEntries.File("crossing"), TestEntries.RandomData(150_000, 2)), (TestEntries.File("last"), TestEntries.Data(3000, 3))]);

    private static (VectorCase, Dictionary<string, byte[]>) Golden(string name, string description, byte[] volume, string expected, string identity = "cleartext-key") =>
        (new VectorCase(name, description, [$"{name}.cairn"], identity, null, expected, null, true), new() { [$"{name}.cairn"] = volume });

    private static (VectorCase, Dictionary<string, byte[]>) GoldenSet(string name, string description, IReadOnlyList<byte[]> volumes, string expected)
    {
        var files = volumes.Select((v, i) => ($"{name}.{i + 1}.cairn", v)).ToDictionary(f => f.Item1, f => f.v);
        return (new VectorCase(name, description, [.. files.Keys], "cleartext-key", null, expected, null, true), files);
    }

    private static byte[] Patch(byte[] volume, int offset, byte value)
    {
        var patched = (byte[])volume.Clone();
        patched[offset] = value;
        return patched;
    }

    private static IReadOnlyList<FrameInfo> Frames(byte[] volume) => ArchiveReader.ReadLayout(new MemoryStream(volume)).Frames;

    private static byte[] SwapFirstFrames(byte[] volume)
    {
        var frames = Frames(volume);
        var (a, b) = (frames[0], frames[1]);
        return [.. volume[..(int)a.Offset], .. volume[(int)b.Offset..(int)(b.Offset + b.Length)], .. volume[(int)a.Offset..(int)b.Offset], .. volume[(int)(b.Offset + b.Length)..]];
    }

    private static byte[] Splice(byte[] ours, byte[] theirs, int frame)
    {
        var (mine, other) = (Frames(ours)[frame], Frames(theirs)[frame]);
        if (mine.Length != other.Length)
        {
            throw new InvalidOperationException("The frames to splice differ in length.");
        }

        var spliced = (byte[])ours.Clone();
        theirs.AsSpan((int)other.Offset, (int)other.Length).CopyTo(spliced.AsSpan((int)mine.Offset));
        return spliced;
    }

    private static byte[] FlipInLastFrame(byte[] volume)
    {
        var last = Frames(volume)[^1];
        return Patch(volume, (int)(last.Offset + 32), (byte)(volume[last.Offset + 32] ^ 0x40));
    }

    private static byte[] HugeFrame(byte[] volume)
    {
        var first = Frames(volume)[0];
        var patched = (byte[])volume.Clone();
        BitConverter.TryWriteBytes(patched.AsSpan((int)first.Offset + 16), 1L << 62);
        return patched;
    }

    private static byte[] CutIndex(byte[] volume)
    {
        var reader = TestArchive.Open(volume);
        var last = Frames(volume)[^1];
        var trailer = reader.Trailer with { IndexFrameCount = reader.Trailer.IndexFrameCount - 1, FrameCount = reader.Trailer.FrameCount - 1 };
        var header = reader.Header;
        using var keys = ArchiveKeys.Derive(TestArchive.FixedOptions().ArchiveKey, header.KeySalt, header.SetId, header.VolumeNumber, 32);
        var encoded = new byte[ArchiveTrailer.Length];
        ArchiveTrailerLayout.Write(trailer, encoded, keys);
        return [.. volume[..(int)last.Offset], .. encoded];
    }
}
