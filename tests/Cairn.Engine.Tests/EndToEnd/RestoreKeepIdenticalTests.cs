using Cairn.Engine.Backup;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>restore --keep-identical</c>: a restore that was stopped (killed, a full disk, a reboot) goes on where it was,
/// keeping the files it finished and restoring the rest over what is there.
/// </summary>
public class RestoreKeepIdenticalTests
{
    [Fact]
    public async Task Files_with_the_backups_size_and_time_are_kept_and_everything_else_is_restored_over_what_is_there()
    {
        using var target = new TestTarget("cairn-restore-keep");
        var source = target.SourceDirectory;
        for (var i = 0; i < 20; i++)
        {
            TestFiles.WriteRandom(Path.Combine(source, $"d{i % 3}/small-{i:D2}.bin"), i, 1000 + (i * 97));
        }

        TestFiles.WriteRandom(Path.Combine(source, "big.bin"), 99, 3 << 20);
        File.CreateSymbolicLink(Path.Combine(source, "link"), "big.bin");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source }, null, CancellationToken.None);
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);

        // What a stopped restore and a user's hands may leave: a file missing, one with other content of the same size
        // (and so another time), one with the backup's content but another time, and a file the backup does not have.
        File.Delete(Path.Combine(restored, "d0/small-00.bin"));
        var changed = Path.Combine(restored, "d1/small-01.bin");
        File.WriteAllBytes(changed, TestFiles.Random(500, (int)new FileInfo(changed).Length));
        var touched = Path.Combine(restored, "big.bin");
        File.SetLastWriteTimeUtc(touched, DateTime.UtcNow.AddDays(-3));
        File.Delete(Path.Combine(restored, "link"));
        File.WriteAllText(Path.Combine(restored, "mine.txt"), "not in the backup");
        var untouched = Path.Combine(restored, "d2/small-02.bin");
        var untouchedInode = Inode(untouched);

        var result = await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, KeepIdentical = true }, null, CancellationToken.None);

        Assert.Equal(18, result.Kept); // 21 files, less the deleted, the changed and the touched one
        Assert.Equal(Inode(untouched), untouchedInode); // kept, not written again
        Assert.Equal("not in the backup", File.ReadAllText(Path.Combine(restored, "mine.txt"))); // left alone
        var tree = TreeSnapshot.Capture(restored).Where(line => !line.StartsWith("mine.txt ", StringComparison.Ordinal)).ToList();
        TreeSnapshot.AssertEqual(TreeSnapshot.Capture(source), tree, "after --keep-identical");
    }

    [Fact]
    public async Task Cairn_restore_keep_identical_restores_what_is_missing_and_says_how_many_it_kept()
    {
        using var target = new TestTarget("cairn-restore-keep-cli");
        for (var i = 0; i < 5; i++)
        {
            TestFiles.WriteRandom(Path.Combine(target.SourceDirectory, $"f{i}.bin"), i, 50_000);
        }

        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        var restored = target.NewDirectory("restored");
        string[] restore = ["restore", "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory, restored];
        var first = await CairnProcess.RunAsync(restore, environment);
        Assert.True(first.ExitCode == 0, first.Error);
        File.Delete(Path.Combine(restored, "f3.bin"));

        var refused = await CairnProcess.RunAsync(restore, environment);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--keep-identical to keep the files a stopped restore finished", refused.Error, StringComparison.Ordinal);

        var (code, output, error) = await CairnProcess.RunAsync(["restore", "--keep-identical", .. restore[1..]], environment);
        Assert.True(code == 0, $"exit {code}: {output} {error}");
        Assert.Contains("  kept 4 files already in place (the backup's size and modification time)", output.Split('\n'));
        Assert.Equal(TestFiles.Random(3, 50_000), File.ReadAllBytes(Path.Combine(restored, "f3.bin")));
    }

    private static ObjectIdentity Inode(string path) => ObjectIdentity.Of(path) ?? throw new FileNotFoundException(path);
}
