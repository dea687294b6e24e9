using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A backup whose source holds its own target folder or cache leaves them out: otherwise each backup would store
/// every earlier one, with the lock and the uploads in progress, and the cache's signatures a second time.
/// </summary>
public class OwnFoldersTests
{
    [Fact]
    public async Task A_source_holding_the_target_and_the_cache_is_backed_up_without_them()
    {
        // The test target's folder holds the store, the cache and the source folder: back all of it up.
        using var target = new TestTarget("cairn-own-folders");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "notes.txt"), "mine");
        var home = target.Temp.Path;

        var first = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = home }, null, CancellationToken.None);
        Assert.Equal(
            [new LeftOutFolder("cache", "this target's cache"), new LeftOutFolder("store", "this backup's target folder")],
            first.LeftOut.OrderBy(f => f.Path, StringComparer.Ordinal));
        Assert.Equal(1, first.Summary.NewFiles);

        // The first backup's objects and the cache it filled are not news to the second.
        var second = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = home }, null, CancellationToken.None);
        Assert.Equal((0, 0, 1), (second.Summary.NewFiles, second.Summary.ChangedFiles, second.Summary.UnchangedFiles));
        Assert.Equal(2, second.LeftOut.Count);

        using var outside = new TempDirectory("cairn-own-folders-restored");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = outside.Path }, null, CancellationToken.None);
        Assert.Equal(["source"], Directory.EnumerateFileSystemEntries(outside.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outside.Path, "source", "notes.txt")));
    }

    [Fact]
    public async Task A_backend_that_keeps_no_local_folder_leaves_nothing_out_but_the_cache()
    {
        using var target = new TestTarget("cairn-own-folders-remote");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "notes.txt"), "mine");
        var context = target.Context() with { TargetFolder = null };

        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = target.Temp.Path }, null, CancellationToken.None);
        Assert.Equal([new LeftOutFolder("cache", "this target's cache")], result.LeftOut);
        Assert.True(result.Summary.NewFiles > 1, "the store's lock object is a file of the source here");
    }

    [Fact]
    public async Task A_source_that_is_the_target_folder_is_refused_before_the_lock_is_taken()
    {
        using var target = new TestTarget("cairn-own-folders-same");
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.StoreDirectory }, null, CancellationToken.None));
        Assert.Equal($"The source folder {target.StoreDirectory} is this backup's target folder: a backup cannot back up the folder it writes to.", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.StoreDirectory));
    }

    [Fact]
    public async Task The_command_names_the_folder_it_left_out()
    {
        using var temp = new TempDirectory("cairn-own-folders-cli");
        var source = Directory.CreateDirectory(temp.File("home")).FullName;
        File.WriteAllText(Path.Combine(source, "notes.txt"), "mine");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };

        var backup = await CairnProcess.RunAsync(
            ["backup", "--source", source, "--target", Path.Combine(source, "backups"), "--cache-dir", temp.File("cache")], environment);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("  left out backups/: this backup's target folder\n", backup.Output, StringComparison.Ordinal);
        Assert.Contains("files: 1 new,", backup.Output, StringComparison.Ordinal);
    }
}
