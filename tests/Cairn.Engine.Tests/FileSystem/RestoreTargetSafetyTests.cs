using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.FileSystem;

/// <summary>Hostile archive paths are refused with <see cref="UnsafePathException"/> and nothing lands outside the target.</summary>
public sealed class RestoreTargetSafetyTests : IDisposable
{
    private readonly TempDirectory _sandbox = new("cairn-safety-");
    private readonly string _target;
    private readonly string _outside;

    public RestoreTargetSafetyTests()
    {
        // The target sits next to an "outside" directory, so ../outside is a real place a bug could reach.
        _target = _sandbox["target"];
        _outside = _sandbox["outside"];
        Directory.CreateDirectory(_outside);
    }

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string> HostilePaths => new()
    {
        "../x",
        "../outside/x",
        "/etc/x",
        "a/../../x",
        "a/./x",
        "./x",
        "a//x",
        "a/",
        "..",
        "",
        "x\0y",
    };

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public void Hostile_paths_are_refused_for_every_kind_of_object(string path)
    {
        using (var target = new RestoreTarget(_target))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(path);
            Assert.Throws<UnsafePathException>(() => target.CreateFile(File(bytes)));
            Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = bytes, Type = EntryType.Symlink, LinkTarget = "/etc/passwd"u8.ToArray() }));
            Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = bytes, Type = EntryType.Fifo, Mode = 0x1A4 }));
            if (path.Length > 0)
            {
                Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = bytes, Type = EntryType.Directory, Mode = 0x1ED }));
            }

            // A hard link whose target escapes is refused too.
            Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = "ok"u8.ToArray(), Type = EntryType.HardLink, LinkTarget = bytes }));
            target.Finish();
        }

        AssertNothingOutside();
    }

    [Fact]
    public void A_symlink_from_the_archive_is_never_used_as_a_parent()
    {
        using (var target = new RestoreTarget(_target))
        {
            target.Create(new EntryMetadata { Path = "evil"u8.ToArray(), Type = EntryType.Symlink, LinkTarget = Encoding.UTF8.GetBytes(_outside) });
            var error = Assert.Throws<UnsafePathException>(() => target.CreateFile(File("evil/file"u8.ToArray())));
            Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
            Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = "evil/dir"u8.ToArray(), Type = EntryType.Directory, Mode = 0x1ED }));
            Assert.Throws<UnsafePathException>(() => target.Create(new EntryMetadata { Path = "evil/deeper/x"u8.ToArray(), Type = EntryType.Fifo }));
            Assert.Throws<UnsafePathException>(() => target.OpenRead("evil/passwd"u8.ToArray()));

            // A relative symlink that climbs out is refused the same way.
            target.Create(new EntryMetadata { Path = "up"u8.ToArray(), Type = EntryType.Symlink, LinkTarget = "../outside"u8.ToArray() });
            Assert.Throws<UnsafePathException>(() => target.CreateFile(File("up/file"u8.ToArray())));
            target.Finish();
        }

        AssertNothingOutside();
        Assert.Equal(_outside, new FileInfo(Path.Combine(_target, "evil")).LinkTarget); // the symlink itself is restored
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_symlink_already_in_the_target_is_replaced_not_written_through(bool nameless)
    {
        string victim = Path.Combine(_outside, "victim");
        System.IO.File.WriteAllText(victim, "precious");
        Directory.CreateDirectory(_target);
        System.IO.File.CreateSymbolicLink(Path.Combine(_target, "name"), victim);
        System.IO.File.CreateSymbolicLink(Path.Combine(_target, "dirlink"), _outside);

        using (var target = new RestoreTarget(_target, new RestoreOptions { NamelessFiles = nameless }))
        {
            using (var stream = target.CreateFile(File("name"u8.ToArray(), size: 3)))
            {
                stream.Write("new"u8);
                stream.Commit();
            }

            Assert.Throws<UnsafePathException>(() => target.CreateFile(File("dirlink/victim"u8.ToArray())));
            target.Create(new EntryMetadata { Path = "dirlink"u8.ToArray(), Type = EntryType.Directory, Mode = 0x1ED });
            using (var stream = target.CreateFile(File("dirlink/inside"u8.ToArray(), size: 2)))
            {
                stream.Write("ok"u8);
                stream.Commit();
            }

            target.Finish();
        }

        Assert.Equal("precious", System.IO.File.ReadAllText(victim));
        Assert.Equal("new", System.IO.File.ReadAllText(Path.Combine(_target, "name")));
        Assert.Null(new FileInfo(Path.Combine(_target, "name")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(_target, "dirlink")) && new DirectoryInfo(Path.Combine(_target, "dirlink")).LinkTarget is null);
        Assert.Equal(["victim"], Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Existing_files_are_replaced_and_truncated_and_no_temporary_names_remain(bool nameless)
    {
        Directory.CreateDirectory(Path.Combine(_target, "d"));
        System.IO.File.WriteAllText(Path.Combine(_target, "d", "f"), "a much longer old content");
        using (var target = new RestoreTarget(_target, new RestoreOptions { NamelessFiles = nameless }))
        {
            using (var stream = target.CreateFile(File("d/f"u8.ToArray(), size: 5)))
            {
                stream.Write("short"u8);
                stream.Commit();
            }

            using (var reader = new StreamReader(target.OpenRead("d/f"u8.ToArray())))
            {
                Assert.Equal("short", reader.ReadToEnd());
            }

            target.Finish();
        }

        Assert.Equal(["f"], Directory.GetFileSystemEntries(Path.Combine(_target, "d")).Select(Path.GetFileName));
    }

    [Fact]
    public void Parents_missing_from_the_archive_are_created_and_wrong_entry_kinds_are_rejected()
    {
        using var target = new RestoreTarget(_target);
        using (var stream = target.CreateFile(File("a/b/c"u8.ToArray(), size: 1)))
        {
            stream.WriteByte((byte)'x');
            stream.Commit();
        }

        Assert.Throws<ArgumentException>(() => target.Create(File("x"u8.ToArray())));
        Assert.Throws<ArgumentException>(() => target.CreateFile(new EntryMetadata { Path = "y"u8.ToArray(), Type = EntryType.Directory }));
        var missing = Assert.ThrowsAny<IOException>(() => target.Create(new EntryMetadata { Path = "l"u8.ToArray(), Type = EntryType.HardLink, LinkTarget = "nope"u8.ToArray() }));
        Assert.IsNotType<UnsafePathException>(missing);
        target.Finish();
        Assert.Equal("x", System.IO.File.ReadAllText(Path.Combine(_target, "a", "b", "c")));
    }

    private static EntryMetadata File(byte[] path, long size = 0) => new() { Path = path, Type = EntryType.File, Mode = 0x1A4, Size = size };

    private void AssertNothingOutside()
    {
        Assert.Empty(Directory.GetFileSystemEntries(_outside));
        Assert.Equal(["outside", "target"], Directory.GetFileSystemEntries(_sandbox.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(System.IO.File.Exists("/etc/x"));
    }
}
