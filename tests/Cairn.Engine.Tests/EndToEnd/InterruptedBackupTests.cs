using System.Diagnostics;
using System.Runtime.InteropServices;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A backup stopped by Ctrl-C or by SIGTERM (systemd, a shutdown), through the published <c>dist/cairn</c>: it stops
/// as a failed backup does, its lock released and its unfinished uploads dropped, so the next one needs no cleanup.
/// </summary>
public class InterruptedBackupTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public async Task A_backup_stopped_by_a_signal_releases_its_lock_and_leaves_no_unfinished_upload(int signal)
    {
        using var target = new TestTarget("cairn-signal");
        for (var i = 0; i < 32; i++)
        {
            TestFiles.WriteRandom(Path.Combine(target.SourceDirectory, $"f{i}.bin"), i, 8 << 20);
        }

        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] backup = ["backup", "--source", target.SourceDirectory, "--target", $"file://{target.StoreDirectory}",
            "--cache-dir", target.CacheDirectory, "--volume-size", "1MiB"];
        // As from a terminal: a job started in the background of a script, as CI may be, inherits Ctrl-C ignored, and
        // a command that starts with a signal ignored rightly keeps ignoring it. `env` gives the signals back their
        // default before it execs the command (same pid).
        using var process = CairnProcess.Start(["--default-signal=INT,TERM,HUP", CairnProcess.Executable, .. backup], environment, executable: "env");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        // Once its lock is on the target, the backup is under way, with 256 MiB to store in 1 MiB volumes (each made durable).
        var locks = Path.Combine(target.StoreDirectory, "locks");
        var waited = Stopwatch.StartNew();
        while (!process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(1) && !(Directory.Exists(locks) && Directory.EnumerateFiles(locks).Any()))
        {
            await Task.Delay(2);
        }

        Assert.False(process.HasExited, "the backup ended before it could be stopped");
        Assert.Equal(0, Kill(process.Id, signal)); // straight away: starting a `kill` process took over a second here
        var signalled = waited.Elapsed;

        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await process.WaitForExitAsync(timeout.Token);
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode} after the signal at {signalled.TotalMilliseconds:0} ms: {await output} {await error}");
        Assert.Equal("cairn: interrupted", (await error).Trim());
        Assert.False(Directory.Exists(locks) && Directory.EnumerateFileSystemEntries(locks).Any(), "the lock is still there");
        Assert.Empty(Directory.GetFiles(target.StoreDirectory, ".cairn-partial-*", SearchOption.AllDirectories));

        var next = await CairnProcess.RunAsync(backup, environment);
        Assert.True(next.ExitCode == 0, next.Error);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
