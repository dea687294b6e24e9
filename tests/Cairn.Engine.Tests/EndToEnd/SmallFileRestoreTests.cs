using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// Small files are created by worker threads while the restore decodes the next ones (SmallFileWriters):
/// the tree must come out as if written one by one, hard links to queued files included, and a worker's
/// failure must stop the restore with its error.
/// </summary>
public class SmallFileRestoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    /// <summary>SmallFileWriters.MaxFileSize: files up to this size go to the workers, larger ones are streamed.</summary>
    private const int WorkerLimit = 256 << 10;

    private static void WriteTree(string src)
    {
        for (var i = 0; i < 300; i++)
        {
            TestFiles.Write(Path.Combine(src, $"many/f{i:D3}"), TestFiles.Random(i, 1 + (i * 97 % 9000)));
        }

        for (var d = 0; d < 4; d++)
        {
            TestFiles.Write(Path.Combine(src, $"dirs/d{d}/only"), TestFiles.Random(1000 + d, 2000));
        }

        TestFiles.Write(Path.Combine(src, "sizes/at-limit"), TestFiles.Random(1, WorkerLimit));
        TestFiles.Write(Path.Combine(src, "sizes/past-limit"), TestFiles.Random(2, WorkerLimit + 1));
        TestFiles.Write(Path.Combine(src, "sizes/empty"), []);
        File.SetUnixFileMode(Path.Combine(src, "many/f007"), UnixFileMode.UserRead);
        File.SetLastWriteTimeUtc(Path.Combine(src, "many/f008"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        // Hard links whose first name is a small file just queued: in its own directory and in a later one.
        Shell.Run("ln many/f299 many/f299-link; ln many/f150 zz-link", src);
    }

    [Fact]
    public async Task A_tree_of_small_files_and_hard_links_restores_exactly_and_again_over_itself()
    {
        using var target = new TestTarget();
        WriteTree(target.SourceDirectory);
        var expected = TreeSnapshot.Capture(target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);

        var restored = target.NewDirectory("restored");
        for (var pass = 0; pass < 2; pass++)
        {
            // The second pass replaces every file already there (linked under a temporary name, then renamed over it).
            var result = await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, Overwrite = pass == 1 }, null, CancellationToken.None);
            Assert.Empty(result.Warnings);
            TreeSnapshot.AssertEqual(expected, TreeSnapshot.Capture(restored), $"restore pass {pass}");
            Assert.Empty(Directory.EnumerateFileSystemEntries(restored, ".cairn-restore-*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task A_restore_replaces_nothing_the_folder_holds_unless_asked()
    {
        using var target = new TestTarget();
        WriteTree(target.SourceDirectory);
        var expected = TreeSnapshot.Capture(target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);

        // Names the backup does not have are no conflict: restored beside them, they stay.
        var beside = target.NewDirectory("beside");
        TestFiles.Write(Path.Combine(beside, "many/not-in-the-backup"), "mine"u8.ToArray());
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = beside }, null, CancellationToken.None);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(beside, "many/not-in-the-backup")));

        // A newer file under a name the backup has: refused before anything is written, the newer file kept.
        var restored = target.NewDirectory("restored");
        TestFiles.Write(Path.Combine(restored, "many/f007"), "newer than the backup"u8.ToArray());
        File.CreateSymbolicLink(Path.Combine(restored, "many/f008"), "/elsewhere");
        var error = await Assert.ThrowsAsync<RestoreConflictException>(() => RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None));
        Assert.Equal(2, error.Count);
        Assert.Equal("many/f007", error.First);
        Assert.Contains("--overwrite", error.Message, StringComparison.Ordinal);
        Assert.Equal(["f007", "f008"], Directory.GetFileSystemEntries(Path.Combine(restored, "many")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("newer than the backup", File.ReadAllText(Path.Combine(restored, "many/f007")));

        // Asked to, the backup's versions take their places.
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, Overwrite = true }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(expected, TreeSnapshot.Capture(restored), "restore with overwrite");
    }

    [Fact]
    public async Task A_file_that_cannot_take_its_place_stops_the_restore_with_its_name()
    {
        using var target = new TestTarget();
        WriteTree(target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);

        // A non-empty directory where a small file goes: replacing it would lose what it holds.
        var restored = target.NewDirectory("restored");
        TestFiles.Write(Path.Combine(restored, "many/f123/keep-me"), "mine"u8.ToArray());
        var error = await Assert.ThrowsAnyAsync<IOException>(() => RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None));
        Assert.Contains("many/f123", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(restored, "many/f123/keep-me")));
    }
}
