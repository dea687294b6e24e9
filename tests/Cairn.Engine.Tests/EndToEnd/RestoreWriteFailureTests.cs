using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>A restore whose writes fail (a full disk, a file-size limit), through the published <c>dist/cairn</c>.</summary>
public class RestoreWriteFailureTests
{
    [Fact]
    public async Task A_file_the_target_cannot_hold_is_named_in_an_io_error_and_left_out()
    {
        using var target = new TestTarget("cairn-restore-write-failure");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "small.txt"), "fits");
        File.WriteAllBytes(Path.Combine(target.SourceDirectory, "big.bin"), TestFiles.Random(5, 300_000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        // The restore runs with a file-size limit of 32 KiB, its signal ignored, so writing past it fails with
        // EFBIG as on a file system that cannot hold the file. (W^X off: the runtime's double-mapped code
        // memory is a file, which the limit would stop before Main.)
        var restored = Path.Combine(target.Temp.Path, "restored");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase, ["DOTNET_EnableWriteXorExecute"] = "0" };
        string[] command = ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"", CairnProcess.Executable,
            "restore", "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory, restored];
        var (code, _, error) = await CairnProcess.RunAsync(command, environment, executable: "sh");

        Assert.True(code == 1, $"exit {code}: {error}");
        Assert.Equal("cairn: Cannot write 'big.bin': it is larger than the file system, or the process's file-size limit, allows.", error.Trim());
        Assert.False(File.Exists(Path.Combine(restored, "big.bin")));
        Assert.Empty(Directory.GetFiles(restored, ".cairn-*"));
    }

    [Fact]
    public async Task A_volume_the_target_cannot_hold_fails_the_backup_as_the_stores_error_and_leaves_no_partial_file()
    {
        using var target = new TestTarget("cairn-backup-write-failure");
        File.WriteAllBytes(Path.Combine(target.SourceDirectory, "big.bin"), TestFiles.Random(6, 300_000));

        // The same limit as above, on a local target written in place: the volume's write fails with EFBIG.
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase, ["DOTNET_EnableWriteXorExecute"] = "0" };
        string[] command = ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"", CairnProcess.Executable,
            "backup", "--source", target.SourceDirectory, "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];
        var (code, _, error) = await CairnProcess.RunAsync(command, environment, executable: "sh");

        Assert.True(code == 5, $"exit {code}: {error}");
        Assert.Matches(@"^cairn: full-[0-9TZ]+/vol-000001\.cairn is larger than the file system, or the process's file-size limit, allows\.$", error.Trim());
        Assert.Empty(Directory.GetFiles(target.StoreDirectory, ".cairn-partial-*", SearchOption.AllDirectories));
    }
}
