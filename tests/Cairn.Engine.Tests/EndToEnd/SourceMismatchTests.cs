using Cairn.Engine.Backup;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A backup of another folder than the target's newest backup was made of is refused, before anything is written,
/// unless asked for: two folders in one target make one history of both, and a mistyped source looks like a deletion
/// of everything.
/// </summary>
public class SourceMismatchTests
{
    [Fact]
    public async Task Another_folder_is_refused_even_for_a_full_backup_and_goes_on_when_allowed()
    {
        using var target = new TestTarget("cairn-source-mismatch");
        var other = target.NewDirectory("other");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "a"), "a");
        File.WriteAllText(Path.Combine(other, "b"), "b");
        var first = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var objects = Directory.GetFileSystemEntries(target.StoreDirectory, "*", SearchOption.AllDirectories).Length;

        foreach (var full in new[] { false, true })
        {
            var error = await Assert.ThrowsAsync<SourceMismatchException>(() =>
                BackupJob.RunAsync(target.Context(), new BackupOptions { Source = other, ForceFull = full }, null, CancellationToken.None));
            Assert.Equal(
                $"The target's newest backup, {first.Set}, is of {target.SourceDirectory}, not {other}: give each folder a target of its own. " +
                "If the folder moved or the host was renamed, pass --allow-source-mismatch to go on with this target.",
                error.Message);
            Assert.Equal(objects, Directory.GetFileSystemEntries(target.StoreDirectory, "*", SearchOption.AllDirectories).Length);
        }

        var allowed = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = other, AllowSourceMismatch = true }, null, CancellationToken.None);
        Assert.Equal((1, 1), (allowed.Summary.NewFiles, allowed.Summary.DeletedFiles));
        Assert.Equal(other, allowed.Manifest!.Source);
    }

    [Fact]
    public async Task The_same_folder_by_another_path_is_the_same_source()
    {
        using var target = new TestTarget("cairn-source-same");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "a"), "a");
        var alias = Path.Combine(target.Temp.Path, "alias");
        File.CreateSymbolicLink(alias, target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        foreach (var source in new[] { target.SourceDirectory + "/", alias, Path.GetRelativePath(Environment.CurrentDirectory, target.SourceDirectory) })
        {
            var result = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source }, null, CancellationToken.None);
            Assert.Equal(1, result.Summary.UnchangedFiles);
        }
    }

    [Fact]
    public async Task The_command_exits_2_and_its_flag_lets_the_backup_go_on()
    {
        using var target = new TestTarget("cairn-source-mismatch-cli");
        var other = target.NewDirectory("other");
        File.WriteAllText(Path.Combine(other, "b"), "b");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] backup = ["backup", "--source", other, "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        var refused = await CairnProcess.RunAsync(backup, environment);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"cairn: The target's newest backup, full-", refused.Error, StringComparison.Ordinal);
        Assert.Contains($", is of {target.SourceDirectory}, not {other}: give each folder a target of its own.", refused.Error, StringComparison.Ordinal);

        var allowed = await CairnProcess.RunAsync([.. backup, "--allow-source-mismatch"], environment);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.StartsWith("Wrote incremental backup", allowed.Output, StringComparison.Ordinal);

        // status says what each chain is a backup of; here the chain went on with another folder.
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];
        var status = await CairnProcess.RunAsync(["status", .. where, "--json"], environment);
        Assert.True(status.ExitCode == 0, status.Error);
        using var json = System.Text.Json.JsonDocument.Parse(status.Output);
        var sets = json.RootElement.GetProperty("chains")[0].GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal([target.SourceDirectory, other], sets.Select(s => s.GetProperty("source").GetString()));
        Assert.All(sets, s => Assert.Equal(Environment.MachineName, s.GetProperty("host").GetString()));
        var table = await CairnProcess.RunAsync(["status", .. where], environment);
        Assert.Contains($"of {target.SourceDirectory} on {Environment.MachineName}, then {other} on {Environment.MachineName}", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_source_on_another_file_system_than_before_is_refused_until_allowed()
    {
        using var target = new TestTarget("cairn-source-unmounted");
        // The source is reached through a symlink: to a folder on tmpfs (the disk, mounted), then to an empty folder
        // beside the target (its mount point, with the disk gone).
        var disk = Directory.CreateDirectory($"/dev/shm/cairn-disk-{Guid.NewGuid():N}");
        try
        {
            var mountPoint = target.NewDirectory("mount-point");
            Assert.NotEqual(ObjectIdentity.Of(disk.FullName)!.Value.Device, ObjectIdentity.Of(mountPoint)!.Value.Device);
            var source = Path.Combine(target.Temp.Path, "data");
            File.CreateSymbolicLink(source, disk.FullName);
            File.WriteAllText(Path.Combine(disk.FullName, "a"), "a");
            File.WriteAllText(Path.Combine(disk.FullName, "b"), "b");
            var first = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source }, null, CancellationToken.None);
            File.Delete(source);
            File.CreateSymbolicLink(source, mountPoint);

            foreach (var full in new[] { false, true })
            {
                var error = await Assert.ThrowsAsync<SourceMismatchException>(() =>
                    BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source, ForceFull = full }, null, CancellationToken.None));
                Assert.Equal(
                    $"The source folder {source} is empty and on another file system than when the target's newest backup, {first.Set}, found 2 files in it: " +
                    "a disk that is not mounted looks like this, and a backup of it would record every file as deleted. If the folder was emptied on purpose, pass --allow-source-mismatch to go on.",
                    error.Message);
            }

            var allowed = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source, AllowSourceMismatch = true }, null, CancellationToken.None);
            Assert.Equal(2, allowed.Summary.DeletedFiles);
        }
        finally
        {
            disk.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_source_emptied_where_it_always_was_is_backed_up()
    {
        using var target = new TestTarget("cairn-source-emptied");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "a"), "a");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        File.Delete(Path.Combine(target.SourceDirectory, "a")); // a drop folder, emptied

        var next = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        Assert.Equal(1, next.Summary.DeletedFiles);
    }
}
