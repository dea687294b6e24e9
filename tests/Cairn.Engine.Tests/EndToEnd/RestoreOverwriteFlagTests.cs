using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary><c>cairn restore</c> into a folder that already has a restored name, through the published <c>dist/cairn</c>.</summary>
public class RestoreOverwriteFlagTests
{
    [Fact]
    public async Task A_restore_that_would_replace_a_file_exits_2_in_one_line_and_overwrite_replaces_it()
    {
        using var target = new TestTarget("cairn-restore-overwrite");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];
        File.WriteAllText(Path.Combine(target.SourceDirectory, "notes.txt"), "as backed up");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        var restored = target.NewDirectory("restored");
        File.WriteAllText(Path.Combine(restored, "notes.txt"), "written since");
        var refused = await CairnProcess.RunAsync(["restore", .. where, restored], environment);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(
            $"cairn: 'notes.txt' already exists in {restored}, and a restore does not replace it unless asked: pass --overwrite to put the backup's version in its place, or restore into an empty folder.",
            refused.Error.Trim());
        Assert.Equal("written since", File.ReadAllText(Path.Combine(restored, "notes.txt")));

        var replaced = await CairnProcess.RunAsync(["restore", "--overwrite", .. where, restored], environment);
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Equal("as backed up", File.ReadAllText(Path.Combine(restored, "notes.txt")));
    }

    [Fact]
    public async Task A_restore_into_a_file_exits_2_and_leaves_the_file_alone()
    {
        using var target = new TestTarget("cairn-restore-into-file");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "notes.txt"), "as backed up");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var file = Path.Combine(target.Temp.Path, "restored.txt");
        File.WriteAllText(file, "a file");

        var refused = await CairnProcess.RunAsync(
            ["restore", "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory, file],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase });
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"cairn: {file} is a file, not a folder to write into.", refused.Error.Trim());
        Assert.Equal("a file", File.ReadAllText(file));
    }
}
