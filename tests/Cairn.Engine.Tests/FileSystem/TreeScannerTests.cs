using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Tests.Support;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.FileSystem;

[Collection(nameof(MemoryMeasurementCollection))]
public sealed class TreeScannerTests : IDisposable
{
    private readonly TempDirectory _tree = new("cairn-scan-");

    public void Dispose() => _tree.Dispose();

    private List<string> Paths(TreeScanner scanner) => scanner.Scan().Select(e => Encoding.UTF8.GetString(e.Metadata.Path)).ToList();

    [Fact]
    public void Entries_come_depth_first_sorted_by_raw_name_bytes()
    {
        Shell.Run("mkdir -p a/z B; touch a.txt a/y a/z/x B/c 'a b' $'\\xe9t\\xe9' $'\\xc3\\xa9t\\xc3\\xa9'", _tree.Path);
        var paths = Paths(new TreeScanner(_tree.Path));
        // "B" (0x42) < "a" (0x61) < "a b" < "a.txt"; a directory is directly followed by its contents; 0xC3 < 0xE9.
        Assert.Equal(["", "B", "B/c", "a", "a/y", "a/z", "a/z/x", "a b", "a.txt", "été", "\uFFFDt\uFFFD"], paths);
    }

    [Fact]
    public void Objects_left_out_by_identity_are_neither_recorded_nor_entered_whatever_their_name()
    {
        Shell.Run("mkdir -p keep out/deep; touch keep/f out/deep/g file-out; ln file-out keep/second-name; ln -s out link-to-out", _tree.Path);
        var reported = new List<string>();
        var scanner = new TreeScanner(_tree.Path, new TreeScannerOptions
        {
            LeaveOut = [ObjectIdentity.Of(_tree["out"])!.Value, ObjectIdentity.Of(_tree["file-out"])!.Value],
            OnLeftOut = (path, _) => reported.Add(path),
        });

        // The symlink is recorded as a symlink, never followed; the file's second name is the same object.
        Assert.Equal(["", "keep", "keep/f", "link-to-out"], Paths(scanner));
        Assert.Equal(["file-out", "keep/second-name", "out"], reported.Order(StringComparer.Ordinal));
        Assert.Null(ObjectIdentity.Of(_tree["missing"]));
    }

    [Fact]
    public void Caches_are_left_out_by_their_tag_only_when_asked_and_only_with_the_true_signature()
    {
        Shell.Run("""
            mkdir -p tagged/deep untagged wrong fifo
            printf 'Signature: 8a477f597d28d172789f06886806bc55\n# a cache\n' > tagged/CACHEDIR.TAG
            touch tagged/deep/blob untagged/f
            printf 'Signature: 00000000000000000000000000000000' > wrong/CACHEDIR.TAG
            mkfifo fifo/CACHEDIR.TAG
            """, _tree.Path);

        var all = Paths(new TreeScanner(_tree.Path));
        Assert.Contains("tagged/deep/blob", all);
        var rules = SelectionRules.Create([], excludeCaches: true);
        Assert.Equal(["", "fifo", "fifo/CACHEDIR.TAG", "untagged", "untagged/f", "wrong", "wrong/CACHEDIR.TAG"], Paths(new TreeScanner(_tree.Path, rules)));

        // The tag Cairn writes is one; the home folder given as a cache root is never tagged.
        CacheDirectoryTag.WriteIfMissing(_tree["untagged"]);
        Assert.DoesNotContain("untagged/f", Paths(new TreeScanner(_tree.Path, rules)));
        CacheDirectoryTag.WriteIfMissing(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/");
        Assert.False(File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), CacheDirectoryTag.FileName)));
    }

    [Fact]
    public void Selection_rules_prune_and_traversed_directories_appear_only_above_selected_entries()
    {
        Shell.Run("""
            mkdir -p docs/2024 docs/2023 music/sub photos/trip junk skipme/deep
            touch docs/2024/report.pdf docs/2024/other.pdf docs/2023/old.pdf music/a.flac music/b.mp3 music/sub/c.flac
            touch photos/trip/1.jpg photos/x.tmp junk/a skipme/deep/file skipme/.nobackup
            mkdir -p empty/leads/nowhere
            """, _tree.Path);
        var rules = SelectionRules.Create(
            [
                SelectionRule.Exclude("**/*.tmp"),
                SelectionRule.Include("docs/2024/report.pdf"),
                SelectionRule.Include("music/*.flac"),
                SelectionRule.Include("photos"),
                SelectionRule.Include("empty/leads/nowhere/file"),
                SelectionRule.Include("skipme"),
                SelectionRule.Exclude("**"),
            ],
            excludeIfPresent: ".nobackup",
            sourceRoot: _tree.Path);
        var paths = Paths(new TreeScanner(_tree.Path, rules));
        Assert.Equal(["", "docs", "docs/2024", "docs/2024/report.pdf", "music", "music/a.flac", "photos", "photos/trip", "photos/trip/1.jpg"], paths);
    }

    [Fact]
    public void A_hard_link_points_at_the_first_selected_name()
    {
        Shell.Run("mkdir d; echo data > d/first; ln d/first second; ln d/first third", _tree.Path);
        var all = new TreeScanner(_tree.Path).Scan().ToDictionary(e => Encoding.UTF8.GetString(e.Metadata.Path));
        Assert.Equal(EntryType.File, all["d/first"].Metadata.Type);
        Assert.Equal(5, all["d/first"].Metadata.Size);
        Assert.Equal((EntryType.HardLink, "d/first"), (all["second"].Metadata.Type, Encoding.UTF8.GetString(all["second"].Metadata.LinkTarget!)));
        Assert.Equal(0, all["second"].Metadata.Size);

        // With the first name excluded, the next selected name carries the content.
        var rules = SelectionRules.Create([SelectionRule.Exclude("d")]);
        var some = new TreeScanner(_tree.Path, rules).Scan().ToDictionary(e => Encoding.UTF8.GetString(e.Metadata.Path));
        Assert.Equal(EntryType.File, some["second"].Metadata.Type);
        Assert.Equal("second", Encoding.UTF8.GetString(some["third"].Metadata.LinkTarget!));
    }

    [Fact]
    public void An_object_that_vanishes_mid_scan_is_a_warning_and_the_walk_goes_on()
    {
        Shell.Run("touch a b c", _tree.Path);
        var warnings = new List<FileSystemWarning>();
        var scanner = new TreeScanner(_tree.Path, new TreeScannerOptions { OnWarning = warnings.Add });
        var seen = new List<string>();
        foreach (var entry in scanner.Scan())
        {
            seen.Add(Encoding.UTF8.GetString(entry.Metadata.Path));
            if (entry.Metadata.Path.Length == 0)
            {
                System.IO.File.Delete(_tree["b"]); // the root was listed already
            }
        }

        Assert.Equal(["", "a", "c"], seen);
        var warning = Assert.Single(warnings);
        Assert.Equal(_tree["b"], warning.Path);
        Assert.Contains("vanished", warning.Message, StringComparison.Ordinal);
        Assert.Empty(scanner.Warnings); // they went to the callback
    }

    [Fact]
    public void Opening_a_file_that_became_a_fifo_or_a_symlink_fails_cleanly()
    {
        Shell.Run("echo a > f; echo b > g", _tree.Path);
        var entries = new TreeScanner(_tree.Path).Scan().Where(e => e.Metadata.Type == EntryType.File).ToList();
        Shell.Run("rm f g; mkfifo f; ln -s /etc/passwd g", _tree.Path);
        var fifo = Assert.Throws<IOException>(() => entries[0].OpenContent());
        Assert.Contains("no longer a regular file", fifo.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<IOException>(() => entries[1].OpenRead()); // O_NOFOLLOW: ELOOP, never /etc/passwd
    }

    [Fact]
    public void Content_is_read_whole_in_any_read_size_and_ends_at_the_first_short_read()
    {
        var bytes = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(_tree["f"], bytes);
        var file = new TreeScanner(_tree.Path).Scan().Single(e => e.Metadata.Type == EntryType.File);

        using (var content = file.OpenContent())
        {
            var read = new MemoryStream();
            var chunk = new byte[4096];
            int n;
            while ((n = content.Read(chunk)) > 0)
            {
                read.Write(chunk, 0, n);
            }

            Assert.Equal(bytes, read.ToArray());
            Assert.Equal(bytes.Length, content.Position);
        }

        using (var content = file.OpenContent())
        {
            var whole = new byte[bytes.Length + 1];
            Assert.Equal(bytes.Length, content.Read(whole));
            File.AppendAllText(_tree["f"], "grown after the short read");
            Assert.Equal(0, content.Read(whole)); // the file is taken as it was at the read that met its end
        }
    }

    [Fact]
    public void A_file_that_says_it_is_empty_is_read_to_its_end_whatever_its_reads_return()
    {
        // /proc/self/maps says it is empty and hands its listing over about a page per read.
        var path = "/proc/self/maps"u8.ToArray();
        var entry = new ScannedEntry("/proc/self/maps", path, new EntryMetadata { Path = "maps"u8.ToArray(), Type = EntryType.File, Size = 0 }, 0, 0);

        using var content = entry.OpenContent();
        var read = new MemoryStream();
        content.CopyTo(read, 1 << 20);

        var listing = Encoding.ASCII.GetString(read.ToArray());
        Assert.True(read.Length > 8192, $"only {read.Length} bytes read");
        Assert.Contains("[stack]", listing, StringComparison.Ordinal); // near the end: the high addresses
        Assert.EndsWith("\n", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_is_an_error_and_a_symlink_root_is_followed()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new TreeScanner(_tree["missing"]).Scan().First());
        Shell.Run("mkdir real; touch real/f; ln -s real alias", _tree.Path);
        Assert.Equal(["", "f"], Paths(new TreeScanner(_tree["alias"])));
        Assert.Equal(["", "alias", "real", "real/f"], Paths(new TreeScanner(_tree.Path))); // below the root, symlinks are not followed
    }

    [Fact]
    public void Other_filesystems_are_entered_only_when_asked()
    {
        // /dev/pts is its own filesystem (devpts) on Linux, containers included, and always holds ptmx.
        var rules = SelectionRules.Create([SelectionRule.Include("pts"), SelectionRule.Exclude("**")]);
        var within = new TreeScanner("/dev", rules).Scan().ToList();
        Assert.Equal(["", "pts"], within.Select(e => Encoding.UTF8.GetString(e.Metadata.Path)));
        Assert.NotEqual(within[0].Device, within[1].Device);

        var across = new TreeScanner("/dev", new TreeScannerOptions { Rules = rules, CrossFilesystems = true }).Scan().ToList();
        Assert.Contains(across, e => Encoding.UTF8.GetString(e.Metadata.Path) == "pts/ptmx" && e.Metadata.Type == EntryType.CharacterDevice);
    }

    [Fact]
    public void Paths_longer_than_PATH_MAX_are_scanned_read_and_restored()
    {
        string segment = new('d', 250);
        Shell.Run($"for i in $(seq 1 20); do mkdir {segment}; cd {segment}; done; echo deep > f; setfattr -n user.depth -v twenty f", _tree.Path);
        var deep = new TreeScanner(_tree.Path).Scan().Single(e => e.Metadata.Type == EntryType.File);
        Assert.True(deep.FullPathBytes.Length > 5000);
        Assert.Equal("twenty"u8.ToArray(), Assert.Single(deep.Metadata.ExtendedAttributes).Value);
        using (var reader = new StreamReader(deep.OpenContent()))
        {
            Assert.Equal("deep\n", reader.ReadToEnd());
        }

        using var restored = new TempDirectory();
        using (var target = new RestoreTarget(restored.Path))
        {
            FileSystemRoundTripTests.Restore(target, deep);
            target.Finish();
        }

        var copy = new TreeScanner(restored.Path).Scan().Single(e => e.Metadata.Type == EntryType.File);
        Assert.Equal(FileSystemRoundTripTests.Describe(deep), FileSystemRoundTripTests.Describe(copy));
    }

    [Fact]
    public void Memory_stays_bounded_while_scanning_twenty_thousand_files()
    {
        Shell.Run("for d in $(seq 1 20); do mkdir d$d; (cd d$d && seq 1 1000 | xargs touch); done", _tree.Path);
        var scanner = new TreeScanner(_tree.Path);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        int count = 0;
        foreach (var entry in scanner.Scan())
        {
            if (++count % 2500 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(1 + 20 + 20_000, count);
        // 20,000 retained entries would hold well over 8 MB; one directory's listing of 1,000 names is ~50 KB.
        Assert.True(peak < 2 * 1024 * 1024, $"live heap grew by {peak:N0} bytes during the scan");
    }
}
