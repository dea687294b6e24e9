using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.FileSystem;

public sealed class RestoreTargetTests : IDisposable
{
    private readonly TempDirectory _target = new("cairn-owner-");

    public void Dispose() => _target.Dispose();

    private Dictionary<string, EntryMetadata> Scan() =>
        new TreeScanner(_target.Path).Scan().ToDictionary(e => Encoding.UTF8.GetString(e.Metadata.Path), e => e.Metadata);

    [Fact]
    public void A_target_that_is_a_file_or_cannot_be_made_is_refused_in_a_sentence_that_names_it()
    {
        var file = _target["a-file"];
        File.WriteAllText(file, "not a folder");
        var notAFolder = Assert.Throws<ArgumentException>(() => new RestoreTarget(file));
        Assert.StartsWith($"{file} is a file, not a folder to write into.", notAFolder.Message, StringComparison.Ordinal);

        var beneathAFile = Path.Combine(file, "restored");
        var cannot = Assert.Throws<IOException>(() => new RestoreTarget(beneathAFile));
        Assert.StartsWith($"Cannot make the folder {beneathAFile} (", cannot.Message, StringComparison.Ordinal);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void Owners_map_by_name_first_then_by_id_and_only_when_asked()
    {
        Assert.True(Shell.IsRoot, "setting owners needs the tests to run as root");
        using (var target = new RestoreTarget(_target.Path, new RestoreOptions { RestoreOwnership = true }))
        {
            // The name wins over a recorded id that means something else on this system (tar's rule).
            target.Create(new EntryMetadata { Path = "by-name"u8.ToArray(), Type = EntryType.Fifo, Mode = 0x1A4, Uid = 1234, Gid = 1234, UserName = "nobody", GroupName = "nogroup" });
            // Unknown names fall back to the recorded ids.
            target.Create(new EntryMetadata { Path = "by-id"u8.ToArray(), Type = EntryType.Fifo, Mode = 0x1A4, Uid = 4321, Gid = 8765, UserName = "no-such-user-here", GroupName = null });
            target.Finish();
            Assert.Empty(target.Warnings);
        }

        var nobody = Scan()["by-name"];
        Assert.Equal(("nobody", "nogroup"), (nobody.UserName, nobody.GroupName));
        Assert.Equal(65534, nobody.Uid);
        var byId = Scan()["by-id"];
        Assert.Equal((4321L, 8765L), (byId.Uid, byId.Gid));

        using (var target = new RestoreTarget(_target.Path, new RestoreOptions { RestoreOwnership = false }))
        {
            target.Create(new EntryMetadata { Path = "mine"u8.ToArray(), Type = EntryType.Fifo, Mode = 0x1A4, Uid = 4321, Gid = 8765 });
            target.Finish();
        }

        Assert.Equal((0L, 0L), (Scan()["mine"].Uid, Scan()["mine"].Gid));
    }

    [Fact]
    public void Sparse_content_longer_than_its_map_is_an_error_and_a_trailing_hole_is_kept()
    {
        var entry = new EntryMetadata
        {
            Path = "s"u8.ToArray(),
            Type = EntryType.File,
            Mode = 0x1A4,
            Size = 1 << 20,
            SparseMap = [new SparseRegion(4096, 3)],
        };
        using (var target = new RestoreTarget(_target.Path))
        {
            using (var stream = target.CreateFile(entry))
            {
                stream.Write("abc"u8);
                Assert.Throws<IOException>(() => stream.Write("d"u8));
                stream.Commit();
            }

            target.Finish();
        }

        byte[] content = System.IO.File.ReadAllBytes(_target["s"]);
        Assert.Equal(1 << 20, content.Length);
        Assert.Equal("abc"u8.ToArray(), content[4096..4099]);
        Assert.All(content[..4096], b => Assert.Equal(0, b));
        // On disk only the written block holds data: the holes before it and up to 1 MiB stayed holes.
        var region = Assert.Single(Scan()["s"].SparseMap!);
        Assert.True(region.Offset <= 4096 && region.Offset + region.Length >= 4099 && region.Length <= 64 * 1024, region.ToString());
    }

    [Fact]
    public void Files_prepared_in_path_order_can_be_created_on_other_threads_at_once()
    {
        var entries = Enumerable.Range(0, 200).Select(i => new EntryMetadata
        {
            Path = Encoding.UTF8.GetBytes($"d{i % 3}/f{i:D3}"),
            Type = EntryType.File,
            Mode = 0x1A0,
            Size = 5,
            ModificationTimeNs = (1_000_000_000L + i) * 1_000_000_000L,
        }).ToList();
        using (var target = new RestoreTarget(_target.Path))
        {
            var pending = entries.Select(target.PrepareFile).ToList();
            Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = 4 }, file =>
            {
                using var stream = file.Open();
                stream.Write(Encoding.ASCII.GetBytes($"{file.Entry.ModificationTimeNs / 1_000_000_000L % 100_000:D5}"));
                stream.Commit();
            });
            target.Finish();
            Assert.Empty(target.Warnings);
        }

        var scanned = Scan();
        foreach (var entry in entries)
        {
            var path = Encoding.UTF8.GetString(entry.Path);
            Assert.Equal((entry.ModificationTimeNs, 0x1A0u, 5L), (scanned[path].ModificationTimeNs, scanned[path].Mode & 0xFFFu, scanned[path].Size));
            Assert.Equal($"{entry.ModificationTimeNs / 1_000_000_000L % 100_000:D5}", File.ReadAllText(Path.Combine(_target.Path, path)));
        }
    }

    [Fact]
    public void A_file_being_written_has_no_name_until_it_is_finished_and_opens_once()
    {
        var entry = new EntryMetadata { Path = "f"u8.ToArray(), Type = EntryType.File, Mode = 0x1A4, Size = 3 };
        using (var target = new RestoreTarget(_target.Path))
        {
            var pending = target.PrepareFile(entry);
            using (var stream = pending.Open())
            {
                stream.Write("abc"u8);

                // Created nameless (O_TMPFILE): an interrupted restore leaves no half-written file behind.
                Assert.Empty(Directory.EnumerateFileSystemEntries(_target.Path));
                stream.Commit();
                Assert.Throws<ObjectDisposedException>(() => stream.Write("d"u8));
                Assert.Throws<ObjectDisposedException>(stream.Commit);
            }

            Assert.Throws<InvalidOperationException>(() => pending.Open());
        }

        Assert.Equal("abc", File.ReadAllText(Path.Combine(_target.Path, "f")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_not_committed_leaves_what_had_its_name(bool nameless)
    {
        File.WriteAllText(Path.Combine(_target.Path, "kept"), "old");
        using (var target = new RestoreTarget(_target.Path, new RestoreOptions { NamelessFiles = nameless }))
        {
            foreach (var name in new[] { "kept", "never" })
            {
                using var stream = target.CreateFile(new EntryMetadata { Path = Encoding.UTF8.GetBytes(name), Type = EntryType.File, Mode = 0x1A4, Size = 100 });
                stream.Write("part of the new content"u8);
            }

            // The usual way a write fails part-way: an exception leaves the using block.
            void WriteThenFail()
            {
                using var stream = target.CreateFile(new EntryMetadata { Path = "kept"u8.ToArray(), Type = EntryType.File, Mode = 0x1A4, Size = 100 });
                stream.Write("part of the new content"u8);
                throw new InvalidDataException("the rest does not authenticate");
            }

            Assert.Throws<InvalidDataException>(WriteThenFail);
        }

        Assert.Equal("old", File.ReadAllText(Path.Combine(_target.Path, "kept")));
        Assert.Equal([Path.Combine(_target.Path, "kept")], Directory.GetFileSystemEntries(_target.Path));
    }

    [Fact]
    public void Without_nameless_files_a_file_is_written_under_a_temporary_name_and_renamed()
    {
        var entry = new EntryMetadata { Path = "f"u8.ToArray(), Type = EntryType.File, Mode = 0x1A4, Size = 3 };
        using (var target = new RestoreTarget(_target.Path, new RestoreOptions { NamelessFiles = false }))
        {
            using var stream = target.CreateFile(entry);
            stream.Write("abc"u8);
            Assert.StartsWith(".cairn-restore-", Path.GetFileName(Assert.Single(Directory.EnumerateFileSystemEntries(_target.Path))));
            stream.Commit();
        }

        Assert.Equal(["f"], Directory.EnumerateFileSystemEntries(_target.Path).Select(Path.GetFileName));
        Assert.Equal("abc", File.ReadAllText(Path.Combine(_target.Path, "f")));
    }
}
