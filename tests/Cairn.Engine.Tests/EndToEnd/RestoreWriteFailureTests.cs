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
        Assert.StartsWith("cairn: Cannot write 'big.bin': ", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(restored, "big.bin")));
        Assert.Empty(Directory.GetFiles(restored, ".cairn-*"));
    }
}
