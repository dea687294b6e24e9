using System.Security.Cryptography;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using Cairn.Format.Entries;
using CairnProcess = Cairn.Testing.CairnProcess; // not the namespace: its TempDirectory is not the file-system tests' one

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>cairn archive create</c> and <c>cairn archive extract</c> as a tar replacement, through the published
/// <c>dist/cairn</c>: a tree with every kind of object, a lone file and a lone symlink go in, and a scan of
/// what comes out records the same metadata and the same bytes.
/// </summary>
public sealed class ArchiveToolRoundTripTests : IDisposable
{
    private const string PassphraseVariable = "CAIRN_TEST_ARCHIVE_PASSPHRASE";
    private static readonly Dictionary<string, string> Environment = new() { [PassphraseVariable] = "correct horse battery staple" };
    private readonly TempDirectory _work = new("cairn-archive-tool-");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_tree_a_file_and_a_symlink_come_back_with_every_field_and_byte()
    {
        string tree = Directory.CreateDirectory(_work["tree"]).FullName;
        FileSystemRoundTripTests.BuildTree(tree);
        Shell.Run("""
            head -c 3000000 /dev/urandom > solo.bin
            setfattr -n user.origin -v lone solo.bin
            chmod 0640 solo.bin
            touch -d '2021-03-04 05:06:07.5 UTC' solo.bin
            ln -s tree/plain.txt lone-link
            """, _work.Path);
        // Reading a symlink sets its access time once (relatime, no O_NOATIME for readlink): take that
        // first read here, so the archive and the expected scan see the same times.
        List<ScannedEntry> DescribeLone() => new[] { "solo.bin", "lone-link" }.Select(n => TreeScanner.DescribeOne(_work[n], new TreeScannerOptions())!).ToList();
        _ = (Scan(tree), DescribeLone());
        var (expected, loneOriginals) = (Scan(tree), DescribeLone());
        string archive = _work["out.cairn"];

        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, "--passphrase-env", PassphraseVariable, tree, _work["solo.bin"], _work["lone-link"]], Environment);
        Assert.True(create.ExitCode == 0, create.Error);
        var extract = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", Directory.CreateDirectory(_work["x"]).FullName, "--passphrase-env", PassphraseVariable], Environment);
        Assert.True(extract.ExitCode == 0, extract.Error);

        var actual = Scan(_work["x/tree"]);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (a, b) in expected.Zip(actual))
        {
            Assert.Equal(FileSystemRoundTripTests.Describe(a), FileSystemRoundTripTests.Describe(b));
        }

        foreach (var original in loneOriginals)
        {
            var copy = TreeScanner.DescribeOne(_work["x/" + Path.GetFileName(original.FullPath)], new TreeScannerOptions())!;
            Assert.Equal(FileSystemRoundTripTests.Describe(original), FileSystemRoundTripTests.Describe(copy));
        }

        Assert.Equal(EntryType.Symlink, TreeScanner.DescribeOne(_work["x/lone-link"], new TreeScannerOptions())!.Metadata.Type);
        Assert.Equal(Hash(_work["solo.bin"]), Hash(_work["x/solo.bin"]));
        foreach (var (a, b) in expected.Zip(actual).Where(p => p.First.Metadata.Type == EntryType.File))
        {
            Assert.Equal(Hash(a), Hash(b));
        }
    }

    [Fact]
    public async Task Extracting_one_path_writes_only_that_path()
    {
        Shell.Run("mkdir -p src/a src/b; printf one > src/a/1; printf two > src/b/2; printf solo > solo", _work.Path);
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, "--compress", "none", _work["src"], _work["solo"]]);
        Assert.True(create.ExitCode == 0, create.Error);

        string target = Directory.CreateDirectory(_work["x"]).FullName;
        var extract = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target, "solo"]);
        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Equal(["solo"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("solo", await File.ReadAllTextAsync(_work["x/solo"]));
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_extracted_by_the_name_the_listing_shows()
    {
        Shell.Run("mkdir src; printf latin1 > src/$'caf\\xe9'; printf other > src/other", _work.Path);
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, "--compress", "none", _work["src"]]);
        Assert.True(create.ExitCode == 0, create.Error);
        var list = await CairnProcess.RunAsync(["archive", "list", "-f", archive]);
        Assert.True(list.ExitCode == 0, list.Error);
        var shown = list.Output.Split('\n').Select(line => line.Split(' ').Last()).Single(name => name.StartsWith("src/caf", StringComparison.Ordinal));
        Assert.Equal(@"src/caf\xe9", shown);
        var json = await CairnProcess.RunAsync(["archive", "list", "--json", "-f", archive]);
        Assert.True(json.ExitCode == 0, json.Error);
        using (var entries = System.Text.Json.JsonDocument.Parse(json.Output))
        {
            var entry = Assert.Single(entries.RootElement.EnumerateArray(), e => e.GetProperty("path").GetString() == "src/caf\uFFFD");
            Assert.Equal(shown, entry.GetProperty("path_escaped").GetString()); // the name exactly, as the listing shows it
        }

        string target = Directory.CreateDirectory(_work["x"]).FullName;
        var extract = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target, shown]);

        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Equal("latin1", Shell.Run("cat src/$'caf\\xe9'", target));
        Assert.Equal("1", Shell.Run("ls src | wc -l", target).Trim());
        Shell.Run("rm -rf src", target); // names .NET's recursive delete cannot reach
        Shell.Run("rm -rf src", _work.Path);
    }

    [Fact]
    public async Task An_archive_written_into_a_folder_it_stores_leaves_itself_out_as_tar_does()
    {
        // Named to sort after the other file, so that a copy of itself would already hold data when the walk reaches it.
        Shell.Run("mkdir src; head -c 2000000 /dev/urandom > src/data", _work.Path);
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", _work["src/z.cairn"], "--compress", "none", _work["src"]]);
        Assert.True(create.ExitCode == 0, create.Error);
        Assert.Contains("cairn: src/z.cairn: is the archive being written; left out", create.Error, StringComparison.Ordinal);

        // Standard output redirected into the folder is the same file.
        string piped = Shell.Run($"'{CairnProcess.Executable}' archive create -f - --compress none src > src/piped.cairn 2> piped.err; cat piped.err", _work.Path);
        Assert.Contains("cairn: src/piped.cairn: is the archive being written; left out", piped, StringComparison.Ordinal);

        foreach (var archive in new[] { "src/z.cairn", "src/piped.cairn" })
        {
            var list = await CairnProcess.RunAsync(["archive", "list", "-f", _work[archive]]);
            Assert.True(list.ExitCode == 0, list.Error);
            Assert.DoesNotContain(Path.GetFileName(archive), list.Output, StringComparison.Ordinal);
            Assert.Contains("src/data", list.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unencrypted_archive_is_refused_when_a_passphrase_is_given()
    {
        // Anyone can write an unencrypted archive: given a passphrase, the reader expects one made with it.
        Shell.Run("mkdir src; printf plain > src/f", _work.Path);
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, _work["src"]]);
        Assert.True(create.ExitCode == 0, create.Error);

        string target = Directory.CreateDirectory(_work["x"]).FullName;
        var refused = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target, "--passphrase-env", PassphraseVariable], Environment);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("not encrypted", refused.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(target));

        var plain = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target]);
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.Equal("plain", await File.ReadAllTextAsync(_work["x/src/f"]));
    }

    [Fact]
    public async Task Extracting_second_names_of_a_hard_link_without_the_first_makes_one_file_and_links_to_it()
    {
        Shell.Run("mkdir -p src/d1 src/d2; echo hello > src/d1/a; chmod 0640 src/d1/a; ln src/d1/a src/d2/b; ln src/d1/a src/d2/c", _work.Path);
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, "--compress", "none", _work["src"]]);
        Assert.True(create.ExitCode == 0, create.Error);

        string target = Directory.CreateDirectory(_work["x"]).FullName;
        var extract = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target, "src/d2"]);
        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Equal("hello\n", await File.ReadAllTextAsync(_work["x/src/d2/b"]));
        Assert.Equal(Shell.Run("stat -c '%F %a %s %Y' src/d1/a", _work.Path), Shell.Run("stat -c '%F %a %s %Y' x/src/d2/b", _work.Path));
        Assert.Equal(Shell.Run("stat -c %i x/src/d2/b", _work.Path), Shell.Run("stat -c %i x/src/d2/c", _work.Path));
        Assert.Equal(["d2"], Directory.GetFileSystemEntries(_work["x/src"]).Select(Path.GetFileName));

        // From a pipe the first name's data has gone by: a warning and exit 1, not a misleading error.
        string piped = Directory.CreateDirectory(_work["p"]).FullName;
        string output = Shell.Run($"'{CairnProcess.Executable}' archive extract -f - -C '{piped}' src/d2/b < '{archive}' 2>&1 || echo \"exit $?\"");
        Assert.Contains("src/d2/b: hard link not extracted, its first name src/d1/a was not selected", output, StringComparison.Ordinal);
        Assert.EndsWith("exit 1", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_entry_stops_the_extraction_and_leaves_the_file_already_there()
    {
        Shell.Run("mkdir src; head -c 3145728 /dev/urandom > src/big", _work.Path);
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, "--compress", "none", _work["src"]]);
        Assert.True(create.ExitCode == 0, create.Error);
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x40; // inside the file's second frame
        await File.WriteAllBytesAsync(archive, bytes);

        string target = Directory.CreateDirectory(_work["x"]).FullName;
        Directory.CreateDirectory(_work["x/src"]);
        await File.WriteAllTextAsync(_work["x/src/big"], "my own copy");
        var extract = await CairnProcess.RunAsync(["archive", "extract", "-f", archive, "-C", target]);
        Assert.Equal(4, extract.ExitCode); // corrupt archive
        Assert.Single(extract.Error.Trim().Split('\n'));
        Assert.Equal("my own copy", await File.ReadAllTextAsync(_work["x/src/big"]));
        Assert.Equal(["big"], Directory.GetFileSystemEntries(_work["x/src"]).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_path_is_a_one_line_error_and_writes_no_archive()
    {
        string archive = _work["out.cairn"];
        var create = await CairnProcess.RunAsync(["archive", "create", "-f", archive, _work["nosuch"]]);
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("nosuch' does not exist", create.Error, StringComparison.Ordinal);
        Assert.Single(create.Error.Trim().Split('\n'));
        Assert.False(File.Exists(archive));
    }

    private static List<ScannedEntry> Scan(string root)
    {
        var scanner = new TreeScanner(root);
        var entries = scanner.Scan().ToList();
        Assert.Empty(scanner.Warnings);
        return entries;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Hash(ScannedEntry entry)
    {
        using var stream = entry.OpenRead(); // raw-byte path: some names are not UTF-8
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
