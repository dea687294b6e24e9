using System.Diagnostics;
using Cairn.Engine.Backup;
using Cairn.Engine.Locking;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.Locking;

public class TargetLockTests
{
    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static async Task PlantLockAsync(TestTarget target, LockInfo info)
    {
        using var content = new MemoryStream(info.ToJson());
        await target.Backend.WriteAsync("locks/planted.json", content);
    }

    [Fact]
    public async Task A_stale_lock_is_reported_with_the_way_out_and_cleanup_force_clears_it()
    {
        using var target = new TestTarget("cairn-lock");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a"), [1]);
        var context = target.Context();
        await PlantLockAsync(target, new LockInfo(Environment.MachineName, await DeadPidAsync(), null, DateTimeOffset.UtcNow, "backup"));

        var error = await Assert.ThrowsAsync<TargetLockedException>(() => BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None));
        Assert.True(error.IsStale);
        Assert.Contains("cairn cleanup --force", error.Message, StringComparison.Ordinal);

        var items = await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None);
        var removed = Assert.Single(items, i => i.Reason.Contains("lock", StringComparison.Ordinal));
        Assert.Equal("locks/planted.json", removed.Name);
        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        Assert.NotNull(result.Manifest);
        Assert.Empty(await TargetLock.ReadLocksAsync(target.Backend, CancellationToken.None));
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
