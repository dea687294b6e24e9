using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// Restoring some paths where a selected name is a hard link whose first name (the name holding the content in
/// the backup) is not selected: the first such name becomes a regular file with the first name's content and
/// metadata, later ones link to it, the first name itself is not written, and the summary counts what was made.
/// </summary>
public class HardLinkSelectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private static async Task<TestTarget> BackUp(Action<string>? beforeIncremental = null)
    {
        var target = new TestTarget();
        Shell.Run("""
            mkdir -p d1 d2 d3
            echo hello > d1/a
            chmod 0640 d1/a
            touch -d '2020-01-02 03:04:05.5 UTC' d1/a
            ln d1/a d2/b
            ln d1/a d2/c
            head -c 600000 /dev/urandom > d1/big
            ln d1/big d3/big
            """, target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        if (beforeIncremental is not null)
        {
            beforeIncremental(target.SourceDirectory);
            await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddHours(1) }, null, CancellationToken.None);
        }

        return target;
    }

    private static Task<RestoreResult> Restore(TestTarget target, string directory, params string[] paths) =>
        RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = directory, Paths = paths }, null, CancellationToken.None);

    private static string Describe(string path) => Shell.Run($"stat -c '%F %a %s %Y' '{path}'").Trim();

    private static long Inode(string path) => long.Parse(Shell.Run($"stat -c %i '{path}'").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_second_name_alone_is_restored_as_a_file_with_the_first_names_content_and_metadata()
    {
        using var target = await BackUp();
        string restored = target.NewDirectory("restored");

        var result = await Restore(target, restored, "d2/b");

        Assert.Empty(result.Warnings);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(restored, "d2/b")));
        Assert.Equal(Describe(Path.Combine(target.SourceDirectory, "d1/a")), Describe(Path.Combine(restored, "d2/b")));
        Assert.False(Directory.Exists(Path.Combine(restored, "d1")), "the first name was not asked for");
        Assert.False(File.Exists(Path.Combine(restored, "d2/c")));
        Assert.Equal(3, result.Entries); // the root, d2 and d2/b
    }

    [Fact]
    public async Task A_file_already_at_the_first_names_path_in_the_target_is_neither_linked_nor_changed()
    {
        using var target = await BackUp();
        string restored = target.NewDirectory("restored");
        TestFiles.Write(Path.Combine(restored, "d1/a"), "not from the backup"u8.ToArray());

        var result = await Restore(target, restored, "d2/b");

        Assert.Empty(result.Warnings);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(restored, "d2/b")));
        Assert.Equal("not from the backup", File.ReadAllText(Path.Combine(restored, "d1/a")));
        Assert.NotEqual(Inode(Path.Combine(restored, "d1/a")), Inode(Path.Combine(restored, "d2/b")));
    }

    [Fact]
    public async Task Several_second_names_of_one_unselected_first_name_become_one_file_and_links_to_it()
    {
        // An incremental rewrites the first name in place, so its content is a snapshot and a delta.
        using var target = await BackUp(source => Shell.Run("printf 'changed and longer\\n' > d1/a; dd if=/dev/zero of=d1/big bs=1 count=10 seek=5000 conv=notrunc status=none", source));
        string restored = target.NewDirectory("restored");

        var result = await Restore(target, restored, "d2", "d3");

        Assert.Empty(result.Warnings);
        Assert.Equal("changed and longer\n", File.ReadAllText(Path.Combine(restored, "d2/b")));
        Assert.Equal(Inode(Path.Combine(restored, "d2/b")), Inode(Path.Combine(restored, "d2/c")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(target.SourceDirectory, "d1/big")), File.ReadAllBytes(Path.Combine(restored, "d3/big")));
        Assert.False(Directory.Exists(Path.Combine(restored, "d1")));
        Assert.Equal(6, result.Entries); // the root, d2, d2/b, d2/c, d3, d3/big
        Assert.Equal("changed and longer\n".Length + 600_000, result.Bytes);
    }

    [Fact]
    public async Task A_second_name_restored_with_its_first_name_is_still_a_link()
    {
        using var target = await BackUp();
        string restored = target.NewDirectory("restored");

        var result = await Restore(target, restored, "d1/a", "d2/b");

        Assert.Empty(result.Warnings);
        Assert.Equal(Inode(Path.Combine(restored, "d1/a")), Inode(Path.Combine(restored, "d2/b")));
        Assert.Equal(5, result.Entries); // the root, d1, d1/a, d2, d2/b
    }
}
