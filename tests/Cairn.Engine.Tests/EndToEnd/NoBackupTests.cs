using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>Asking an empty target, or one for a time before its first backup, is a plain sentence, not an exception's name.</summary>
public class NoBackupTests
{
    [Fact]
    public async Task A_source_that_is_missing_or_a_file_is_refused_in_one_line_that_says_which()
    {
        using var target = new TestTarget("cairn-no-source");
        var missing = Path.Combine(target.SourceDirectory, "missing");
        var missingError = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            BackupJob.RunAsync(target.Context(), new BackupOptions { Source = missing }, null, CancellationToken.None));
        Assert.Equal($"The source folder {missing} does not exist.", missingError.Message);

        var file = Path.Combine(target.SourceDirectory, "notes.txt");
        File.WriteAllText(file, "a file, not a folder");
        var fileError = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            BackupJob.RunAsync(target.Context(), new BackupOptions { Source = file }, null, CancellationToken.None));
        Assert.StartsWith($"The source {file} is a file: a backup's source is a folder", fileError.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target.StoreDirectory) && Directory.EnumerateFileSystemEntries(target.StoreDirectory).Any());
    }

    [Fact]
    public async Task An_empty_target_and_a_time_before_the_first_backup_say_so_in_one_line()
    {
        using var target = new TestTarget("cairn-no-backup");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        var empty = await CairnProcess.RunAsync(["list", .. where], environment);
        Assert.Equal(1, empty.ExitCode);
        Assert.Equal("cairn: Nothing is stored at this target: no backup was made to it, or the URL is not the one the backups went to.", empty.Error.Trim());

        // A target that holds something, here only an interrupted backup's partial set, has no complete backup.
        var partial = Path.Combine(target.StoreDirectory, "full-20260101T000000Z");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "vol-000001.cairn"), "cut off");
        var onlyPartial = await CairnProcess.RunAsync(["list", .. where], environment);
        Assert.Equal(1, onlyPartial.ExitCode);
        Assert.Equal("cairn: The target holds no complete backup.", onlyPartial.Error.Trim());
        Directory.Delete(partial, recursive: true);

        var missingFolder = await CairnProcess.RunAsync(["status", "--target", $"file://{target.StoreDirectory}/typo", "--cache-dir", target.CacheDirectory], environment);
        Assert.Equal(0, missingFolder.ExitCode);
        Assert.Contains("Nothing is stored at this target", missingFolder.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(target.SourceDirectory, "f"), "x");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero) }, null, CancellationToken.None);
        var tooEarly = await CairnProcess.RunAsync(["restore", "--time", "2026-04-01", .. where, target.NewDirectory("out")], environment);
        Assert.Equal(1, tooEarly.ExitCode);
        Assert.StartsWith("cairn: No backup was made at or before 2026-04-01", tooEarly.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", tooEarly.Error, StringComparison.Ordinal);
    }
}
