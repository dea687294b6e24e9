using System.Diagnostics;
using System.Text.Json;
using Cairn.Engine.Backup;
using Cairn.Engine.Locking;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.Locking;

public class TargetLockTests
{
    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static async Task PlantLockAsync(TestTarget target, LockInfo info, string name = "locks/planted.json")
    {
        using var content = new MemoryStream(info.ToJson());
        await target.Backend.WriteAsync(name, content);
    }

    [Fact]
    public async Task The_next_backup_removes_the_lock_of_a_killed_one_and_says_so()
    {
        // A nightly backup killed by the OOM killer, or by a power cut, must not stop every later night until
        // someone clears its lock by hand.
        using var target = new TestTarget("cairn-lock");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        var warnings = new List<string>();
        var context = target.Context() with { Warn = warnings.Add };
        var dead = LockInfo.ForCurrentProcess("backup") with { Pid = await DeadPidAsync(), ProcessStart = null };
        await PlantLockAsync(target, dead);

        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        Assert.NotNull(result.Manifest);
        var warning = Assert.Single(warnings);
        Assert.Equal($"removed the stale lock locks/planted.json ({dead.Describe()}): its process is no longer running", warning);
        Assert.Empty(await TargetLock.ReadLocksAsync(target.Backend, CancellationToken.None));
    }

    [Fact]
    public async Task Cairn_backup_after_a_killed_one_runs_and_warns_on_standard_error()
    {
        using var target = new TestTarget("cairn-lock-cli");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        await PlantLockAsync(target, LockInfo.ForCurrentProcess("backup") with { Pid = await DeadPidAsync(), ProcessStart = null });
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };

        var (code, output, error) = await CairnProcess.RunAsync(["backup", "--source", target.SourceDirectory, "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory], environment);

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        Assert.StartsWith("cairn: warning: removed the stale lock locks/planted.json (backup on host ", error, StringComparison.Ordinal);
        Assert.Contains("Wrote full backup", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_object_never_holds_the_machine_id_or_boot_id_itself()
    {
        // machine-id(5): the id is confidential, and an application uses a keyed hash of it. Lock objects lie on the
        // target, which may be a bucket anyone with its keys can list.
        var json = System.Text.Encoding.UTF8.GetString(LockInfo.ForCurrentProcess("backup").ToJson());
        var lockInfo = LockInfo.FromJson(LockInfo.ForCurrentProcess("backup").ToJson())!;
        foreach (var path in new[] { "/etc/machine-id", "/var/lib/dbus/machine-id", "/proc/sys/kernel/random/boot_id" })
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } id)
            {
                Assert.DoesNotContain(id, json, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(id.Replace("-", "", StringComparison.Ordinal), json, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Matches("^[0-9a-f]{32}$", lockInfo.BootId);
        Assert.Equal(LockInfo.ForCurrentProcess("prune").BootId, lockInfo.BootId); // stable within a boot, so comparable
    }

    [Fact]
    public void A_lock_is_stale_once_its_machine_has_restarted_even_if_its_pid_runs_again()
    {
        // After a power cut the pid (and, for a job started at boot, even its start time) can belong to a new process.
        var sameBoot = LockInfo.ForCurrentProcess("backup");
        Assert.False(sameBoot.IsStale);
        Assert.True((sameBoot with { BootId = "00000000-0000-0000-0000-000000000000" }).IsStale);
        Assert.False((sameBoot with { BootId = null }).IsStale); // a lock of an earlier Cairn: the pid decides
    }

    [Fact]
    public async Task A_lock_of_another_machine_with_the_same_host_name_is_never_removed()
    {
        // Containers and cloned VMs often share a host name; their pids say nothing about this machine's processes.
        using var target = new TestTarget("cairn-lock");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        var context = target.Context();
        var mine = LockInfo.ForCurrentProcess("backup");
        var other = mine with { Pid = await DeadPidAsync(), MachineId = "0123456789abcdef0123456789abcdef", BootId = "another boot" };
        if (mine.MachineId is null)
        {
            // A machine without /etc/machine-id (some container images) can only go by the host name, as earlier
            // versions of Cairn did; there the planted lock reads as this machine's, and a dead one is stale.
            Assert.True(other.IsStale);
            return;
        }

        Assert.False(other.IsStale);
        await PlantLockAsync(target, other);

        var error = await Assert.ThrowsAsync<TargetLockedException>(() => BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None));

        Assert.False(error.IsStale);
        Assert.Contains("wait for it to finish", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TargetLockedException>(() => CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None));
    }

    [Fact]
    public async Task Cleanup_force_removes_a_stale_lock_and_lists_it()
    {
        using var target = new TestTarget("cairn-lock");
        var context = target.Context();
        await PlantLockAsync(target, new LockInfo(Environment.MachineName, await DeadPidAsync(), null, DateTimeOffset.UtcNow, "backup"));

        var items = (await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None)).Items;

        var removed = Assert.Single(items, i => i.Reason.Contains("lock", StringComparison.Ordinal));
        Assert.Equal("locks/planted.json", removed.Name);
        Assert.Empty(await TargetLock.ReadLocksAsync(target.Backend, CancellationToken.None));
    }

    [Fact]
    public async Task A_lock_whose_process_is_a_zombie_is_stale()
    {
        // A killed backup stays a zombie until its parent reaps it. Here the parent is a process that never does:
        // the shell starts a child that ends half a second later, prints its pid and replaces itself with `sleep`
        // (the shell itself could reap a child that ended before the exec).
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "(sleep 0.5; exit 0) & echo $!; exec sleep 30"]) { RedirectStandardOutput = true })!;
        try
        {
            var zombie = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
            var statPath = $"/proc/{zombie}/stat";
            for (var i = 0; i < 500 && !File.ReadAllText(statPath).Contains(") Z ", StringComparison.Ordinal); i++)
            {
                await Task.Delay(20);
            }

            Assert.Contains(") Z ", File.ReadAllText(statPath), StringComparison.Ordinal); // still there, a zombie
            Assert.True(new LockInfo(Environment.MachineName, zombie, null, DateTimeOffset.UtcNow, "backup").IsStale);
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public async Task Status_marks_a_stale_lock_and_says_once_that_cleanup_force_clears_it()
    {
        using var target = new TestTarget("cairn-lock-status");
        var since = new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);
        var dead = new LockInfo(Environment.MachineName, await DeadPidAsync(), null, since, "backup");
        var live = LockInfo.ForCurrentProcess("prune") with { Started = since };
        await PlantLockAsync(target, dead, "locks/dead.json");
        await PlantLockAsync(target, live, "locks/live.json");
        using (var content = new MemoryStream("{}"u8.ToArray()))
        {
            await target.Backend.WriteAsync("locks/foreign.json", content);
        }

        string[] options = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        var (code, output, error) = await CairnProcess.RunAsync(["status", .. options], environment);

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"Stale lock: locks/dead.json (backup on host {dead.Host}, pid {dead.Pid}, since 2026-11-26T03:00:00Z): its process is no longer running.", lines);
        Assert.Contains($"Locked: locks/live.json (prune on host {live.Host}, pid {live.Pid}, since 2026-11-26T03:00:00Z)", lines);
        Assert.Contains("Locked: locks/foreign.json (a lock object Cairn cannot read)", lines);
        var hint = Assert.Single(lines, l => l.Contains("cairn cleanup --force", StringComparison.Ordinal) && !l.StartsWith("Stale lock:", StringComparison.Ordinal));
        Assert.Equal("Clear the stale lock(s) with `cairn cleanup --force`: their processes ended without releasing them.", hint);

        (code, output, error) = await CairnProcess.RunAsync(["status", "--json", .. options], environment);
        Assert.True(code == 0, $"exit {code}: {output} {error}");
        using var json = JsonDocument.Parse(output);
        var locks = json.RootElement.GetProperty("locks").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        Assert.Equal(["locks/dead.json", "locks/foreign.json", "locks/live.json"], locks.Keys.Order(StringComparer.Ordinal));
        Assert.True(locks["locks/dead.json"].GetProperty("stale").GetBoolean());
        Assert.Equal(dead.Pid, locks["locks/dead.json"].GetProperty("pid").GetInt32());
        Assert.Equal("backup", locks["locks/dead.json"].GetProperty("operation").GetString());
        Assert.False(locks["locks/live.json"].GetProperty("stale").GetBoolean());
        Assert.Equal(live.Host, locks["locks/live.json"].GetProperty("host").GetString());
        Assert.False(locks["locks/foreign.json"].GetProperty("stale").GetBoolean());
        Assert.Equal(JsonValueKind.Null, locks["locks/foreign.json"].GetProperty("host").ValueKind);

        // Only the stale lock is what the hint is about; with it gone, status gives no hint.
        File.Delete(Path.Combine(target.StoreDirectory, "locks", "dead.json"));
        (code, output, error) = await CairnProcess.RunAsync(["status", .. options], environment);
        Assert.True(code == 0, $"exit {code}: {output} {error}");
        Assert.DoesNotContain("cleanup", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Stale", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_lock_stops_a_backup_and_cleanup_but_break_lock_overrides_it()
    {
        using var target = new TestTarget("cairn-lock");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        var context = target.Context();
        await PlantLockAsync(target, LockInfo.ForCurrentProcess("backup") with { Host = "another-host" });

        var error = await Assert.ThrowsAsync<TargetLockedException>(() => BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None));
        Assert.False(error.IsStale);
        Assert.Contains("another-host", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TargetLockedException>(() => CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None));

        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, BreakLock = true }, null, CancellationToken.None);
        Assert.NotNull(result.Manifest);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"host\":\"\",\"pid\":0}")]
    [InlineData("{\"note\":\"not a lock\"}")]
    public async Task A_foreign_json_file_among_the_locks_is_an_unreadable_lock_that_break_lock_clears(string json)
    {
        using var target = new TestTarget("cairn-lock");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        var context = target.Context();
        using (var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))
        {
            await target.Backend.WriteAsync("locks/foreign.json", content);
        }

        var error = await Assert.ThrowsAsync<TargetLockedException>(() => BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None));
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
        Assert.Contains("--break-lock", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pid 0", error.Message, StringComparison.Ordinal);

        await CleanupJob.RunAsync(context, force: true, breakLock: true, CancellationToken.None);
        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        Assert.NotNull(result.Manifest);
    }
}
