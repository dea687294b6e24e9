using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using CairnProcess = Cairn.Testing.CairnProcess;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A profile's <c>hooks:</c> through the published <c>dist/cairn</c>: <c>before</c> runs ahead of the backup and stops
/// it when it fails, <c>after</c> runs whatever came of it, with the outcome, and neither sees the backup's passphrase.
/// </summary>
public class ProfileHooksTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };

    private static string Profile(TestTarget target, string before) => $$"""
        name: hooked
        source: {{target.SourceDirectory}}
        target: { url: "file://{{target.StoreDirectory}}" }
        encryption: { recipients: [ { type: passphrase, env: CAIRN_PASSPHRASE } ] }
        hooks:
          before: "{{before}}"
          after: "echo \"$CAIRN_HOOK exit=$CAIRN_EXIT_CODE set=$CAIRN_SET passphrase=$CAIRN_PASSPHRASE\" >> hooks.log"
        """;

    [Fact]
    public async Task Before_runs_ahead_of_the_backup_and_after_gets_its_outcome_without_the_passphrase()
    {
        using var target = new TestTarget("cairn-hooks");
        var profile = Path.Combine(target.SourceDirectory, "..", "profile.yaml");
        // The hook runs in the profile's folder: its dump lands in the source before the scan.
        File.WriteAllText(profile, Profile(target, "echo \\\"$CAIRN_HOOK $CAIRN_PROFILE passphrase=$CAIRN_PASSPHRASE\\\" > source/dump.sql"));

        var run = await CairnProcess.RunAsync(["run", profile, "--cache-dir", target.CacheDirectory], Environment);
        Assert.True(run.ExitCode == 0, run.Error);

        var list = await CairnProcess.RunAsync(["list", "--profile", profile, "--cache-dir", target.CacheDirectory, "--path", "dump.sql"], Environment);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Equal("before hooked passphrase=\n", File.ReadAllText(Path.Combine(target.SourceDirectory, "dump.sql")));
        var set = Directory.GetDirectories(target.StoreDirectory, "full-*").Select(Path.GetFileName).Single();
        Assert.Equal($"after exit=0 set={set} passphrase=\n", File.ReadAllText(Path.Combine(target.Temp.Path, "hooks.log")));
    }

    [Fact]
    public async Task A_failed_before_hook_stops_the_backup_and_after_still_runs_with_the_exit_code()
    {
        using var target = new TestTarget("cairn-hooks-fail");
        var profile = Path.Combine(target.Temp.Path, "profile.yaml");
        File.WriteAllText(profile, Profile(target, "exit 3"));

        var backup = await CairnProcess.RunAsync(["backup", "--profile", profile, "--cache-dir", target.CacheDirectory], Environment);
        Assert.Equal(1, backup.ExitCode);
        Assert.Equal("cairn: The 'before' hook of profile hooked exited with 3; no backup was made.", backup.Error.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.StoreDirectory));
        Assert.Equal("after exit=1 set= passphrase=\n", File.ReadAllText(Path.Combine(target.Temp.Path, "hooks.log")));

        // A dry run must change nothing, so it runs no hook at all.
        File.Delete(Path.Combine(target.Temp.Path, "hooks.log"));
        var dryRun = await CairnProcess.RunAsync(["backup", "--dry-run", "--profile", profile, "--cache-dir", target.CacheDirectory], Environment);
        Assert.True(dryRun.ExitCode == 0, dryRun.Error);
        Assert.False(File.Exists(Path.Combine(target.Temp.Path, "hooks.log")));
    }

    [Fact]
    public async Task A_before_hook_that_outlasts_its_timeout_is_stopped_with_what_it_started()
    {
        using var target = new TestTarget("cairn-hooks-timeout");
        var profile = Path.Combine(target.Temp.Path, "profile.yaml");
        var marker = $"cairn-hook-{Guid.NewGuid():N}";
        File.WriteAllText(profile, Profile(target, $"sh -c 'sleep 60; echo {marker}' & wait") + "\n  timeout: 1s\n");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var backup = await CairnProcess.RunAsync(["backup", "--profile", profile, "--cache-dir", target.CacheDirectory], Environment);
        Assert.Equal(1, backup.ExitCode);
        Assert.Equal("cairn: The 'before' hook of profile hooked did not finish within hooks.timeout and was stopped; no backup was made.", backup.Error.Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.StoreDirectory));
        Assert.Equal("", Shell.Run($"pgrep -f '[c]{marker[1..]}' || true").Trim()); // the bracket keeps pgrep's own shell out
    }
}
