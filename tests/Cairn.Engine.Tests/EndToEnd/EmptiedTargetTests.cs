using Cairn.Engine.Backup;
using Cairn.Engine.Repository;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A target that holds no backup, where this machine's cache knows some: the empty mount point of a disk that is not
/// mounted, a mistyped target, deleted backups. The backup refuses, writes nothing, and says how to go on.
/// </summary>
public class EmptiedTargetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_backup_to_a_target_that_lost_its_backups_is_refused_until_allowed()
    {
        using var target = new TestTarget("cairn-emptied");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a.txt"), TestFiles.Random(1, 1000));
        var first = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);
        Directory.Move(target.StoreDirectory, target.StoreDirectory + ".unmounted");
        Directory.CreateDirectory(target.StoreDirectory); // the mount point, without its disk

        foreach (var dryRun in new[] { true, false })
        {
            var refused = await Assert.ThrowsAsync<TargetEmptiedException>(() => BackupJob.RunAsync(
                target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2), DryRun = dryRun }, null, CancellationToken.None));
            Assert.StartsWith("The target holds no backup, but this machine has seen 2 there (the newest inc-20260902T010000Z): ", refused.Message, StringComparison.Ordinal);
            Assert.EndsWith("pass --allow-empty-target.", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(target.StoreDirectory));

        var allowed = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2), AllowEmptyTarget = true }, null, CancellationToken.None);
        Assert.Equal(SetKind.Full, allowed.Set.Kind);
        Assert.Equal("first backup of this target", allowed.FullReason);

        // From then on the cache knows only the target's new chain, and backups go on as usual.
        var next = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None);
        Assert.Equal(SetKind.Incremental, next.Set.Kind);
        Assert.NotEqual(first.Set, allowed.Set);
    }

    [Fact]
    public async Task A_target_with_only_a_killed_backups_partial_set_counts_as_empty()
    {
        using var target = new TestTarget("cairn-emptied-partial");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a.txt"), TestFiles.Random(1, 1000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        Directory.Move(target.StoreDirectory, target.StoreDirectory + ".unmounted");
        TestFiles.Write(Path.Combine(target.StoreDirectory, "full-20260902T010000Z", "vol-000001.cairn"), TestFiles.Random(2, 3000));

        await Assert.ThrowsAsync<TargetEmptiedException>(() => BackupJob.RunAsync(
            target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None));
    }

    [Fact]
    public async Task Cairn_backup_names_the_flag_and_exits_2()
    {
        using var temp = new TempDirectory("cairn-emptied-cli");
        var source = Path.Combine(temp.Path, "source");
        var store = Path.Combine(temp.Path, "store");
        TestFiles.Write(Path.Combine(source, "a.txt"), TestFiles.Random(1, 1000));
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] backup = ["backup", "--source", source, "--target", store, "--cache-dir", Path.Combine(temp.Path, "cache")];
        Assert.Equal(0, (await CairnProcess.RunAsync(backup, environment)).ExitCode);
        Directory.Delete(store, recursive: true);
        Directory.CreateDirectory(store);

        var (code, output, error) = await CairnProcess.RunAsync(backup, environment);

        Assert.True(code == 2, $"exit {code}: {output} {error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cairn: The target holds no backup, but this machine has seen 1 there (the newest full-", line, StringComparison.Ordinal);

        // status and restore say the same of it, where they used to call it a target no backup was made to.
        string[] where = ["--target", store, "--cache-dir", Path.Combine(temp.Path, "cache")];
        var status = await CairnProcess.RunAsync(["status", .. where], environment);
        Assert.Contains("Nothing is stored at this target, but this machine has seen 1 backup(s) there (the newest full-", status.Output, StringComparison.Ordinal);
        var restore = await CairnProcess.RunAsync(["restore", .. where, Path.Combine(temp.Path, "restored")], environment);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("is its disk mounted, and is the URL the one the backups went to?", restore.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CairnProcess.RunAsync([.. backup, "--allow-empty-target"], environment)).ExitCode);
    }
}
