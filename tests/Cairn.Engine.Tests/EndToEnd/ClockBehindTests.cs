using System.Text.Json;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Retention;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Time;
using Cairn.Engine.Verification;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A clock behind the newest set on the target (set back, or slower than another machine's that backs up there):
/// a new set is named one second after the newest one, so <c>now</c> must mean the newest backup, not the clock's
/// time, or a restore brings back an older backup than the one just made. Times are injected: <see cref="BackupOptions.Time"/>
/// is the backup's clock, and <see cref="TimeSpecification.Parse"/> takes the clock that intervals count back from.
/// </summary>
public class ClockBehindTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Now_finds_the_backup_made_while_the_clock_was_behind()
    {
        using var target = new TestTarget("cairn-clock-behind");
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        File.WriteAllText(file, "first night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(file, "second night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);

        // The clock goes back two hours; the third backup is named a second after the second.
        var clock = T0.AddDays(1).AddHours(-2);
        File.WriteAllText(file, "third night");
        var warnings = new List<string>();
        var third = await BackupJob.RunAsync(target.Context() with { Warn = warnings.Add }, new BackupOptions { Source = target.SourceDirectory, Time = clock }, null, CancellationToken.None);
        Assert.Equal(T0.AddDays(1).AddSeconds(1), third.Set.Time);
        Assert.Equal(
            "the clock (2026-06-02T01:00:00Z) is behind the newest backup on the target (2026-06-02T03:00:00Z); "
            + "this backup is named one second after it, so backups keep their order. Check the clock (timedatectl)",
            Assert.Single(warnings));

        var now = TimeSpecification.Parse("now", clock);
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(cacheDirectory: target.NewDirectory("cold")), new RestoreRequest { TargetDirectory = restored, Time = now }, null, CancellationToken.None);
        Assert.Equal("third night", File.ReadAllText(Path.Combine(restored, "file.txt")));

        var (_, listed, records) = await TargetInspection.OpenCatalogueAsync(target.Context(), now, CancellationToken.None);
        Assert.Equal(third.Set, listed.Name);
        Assert.NotEmpty(records);

        // verify --time now --compare-data rebuilds the third backup, which is what the source holds.
        var verified = await VerifyJob.RunAsync(target.Context(), new VerifyOptions { Time = now, CompareData = true }, null, CancellationToken.None);
        Assert.True(verified.IsOk, string.Join("; ", verified.Problems));

        // An interval still counts back from the clock: an hour before it is before the second night.
        var hourAgo = target.NewDirectory("hour-ago");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = hourAgo, Time = TimeSpecification.Parse("1h", clock) }, null, CancellationToken.None);
        Assert.Equal("first night", File.ReadAllText(Path.Combine(hourAgo, "file.txt")));
    }

    [Fact]
    public async Task A_clock_set_back_does_not_postpone_a_full_backup_that_is_due()
    {
        using var target = new TestTarget("cairn-clock-behind-full");
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        File.WriteAllText(file, "day 0");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(file, "day 40");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(40) }, null, CancellationToken.None);

        // The chain is 40 days old by its own sets; the clock, set back to day 10, would call it 10 days old.
        File.WriteAllText(file, "day 40, later");
        var result = await BackupJob.RunAsync(
            target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(10), FullIfOlderThan = TimeSpan.FromDays(30) }, null, CancellationToken.None);

        Assert.Equal(SetKind.Full, result.Set.Kind);
        Assert.Equal("the chain's full backup is older than 30 days", result.FullReason);
    }

    [Fact]
    public async Task Prune_keeps_the_chain_made_last_when_the_clock_is_behind_its_names()
    {
        using var target = new TestTarget("cairn-clock-behind-prune");
        var context = target.Context();
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        async Task<SetName> BackupAsync(string content, DateTimeOffset clock, bool full)
        {
            File.WriteAllText(file, content);
            return (await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = clock, ForceFull = full }, null, CancellationToken.None)).Set;
        }

        await BackupAsync("january", T0, full: true);
        await BackupAsync("january, later", T0.AddDays(1), full: false);
        var february = await BackupAsync("february", T0.AddDays(30), full: true);

        // The clock is set back to day 10: the new chain is named after February's, the last one made.
        var clock = T0.AddDays(10);
        var latest = await BackupAsync("latest", clock, full: true);
        Assert.Equal(february.Time.AddSeconds(1), latest.Time);

        // Three days before the clock: only January's chain ends before it; the sets named after the clock are kept.
        var dry = await PruneJob.RunAsync(context, new RetentionPolicy { OlderThan = TimeSpecification.Parse("3D", clock) }, force: false, breakLock: false, CancellationToken.None);
        Assert.Equal(["full-20260601T030000Z", "inc-20260602T030000Z"], dry.Decisions.Where(d => !d.Keep).Select(d => d.Set.Name.ToString()));

        // keep-full 1 keeps the chain made last, not the one the clock would call newest.
        var keepOne = await PruneJob.RunAsync(context, new RetentionPolicy { KeepFull = 1 }, force: false, breakLock: false, CancellationToken.None);
        Assert.Equal([latest], keepOne.Decisions.Where(d => d.Keep).Select(d => d.Set.Name));

        // older-than now removes every chain but the newest.
        var now = await PruneJob.RunAsync(context, new RetentionPolicy { OlderThan = TimeSpecification.Parse("now", clock) }, force: true, breakLock: false, CancellationToken.None);
        Assert.Equal([latest], now.Decisions.Where(d => d.Keep).Select(d => d.Set.Name));
        Assert.All(now.Decisions.Where(d => !d.Keep), d => Assert.Equal("chain ends before now", d.Reason));

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(cacheDirectory: target.NewDirectory("cold")), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal("latest", File.ReadAllText(Path.Combine(restored, "file.txt")));
    }

    [Fact]
    public async Task The_commands_time_now_means_the_newest_backup_named_after_the_machines_clock()
    {
        using var target = new TestTarget("cairn-clock-behind-cli");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        // An hour ago, then a set named an hour from now: what a backup made with this clock gets after one made
        // by a machine whose clock is two hours ahead (or before this clock was set back).
        File.WriteAllText(Path.Combine(target.SourceDirectory, "a.txt"), "stale");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = DateTimeOffset.UtcNow.AddHours(-1) }, null, CancellationToken.None);
        File.WriteAllText(Path.Combine(target.SourceDirectory, "a.txt"), "fresh");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "b.txt"), "new");
        var newest = (await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = DateTimeOffset.UtcNow.AddHours(1) }, null, CancellationToken.None)).Set;

        var restored = target.NewDirectory("restored");
        var restore = await CairnProcess.RunAsync(["restore", "--time", "now", .. where, restored], environment);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.Equal("fresh", File.ReadAllText(Path.Combine(restored, "a.txt")));
        Assert.True(File.Exists(Path.Combine(restored, "b.txt")));

        var list = await CairnProcess.RunAsync(["list", "--time", "now", "--json", .. where], environment);
        Assert.True(list.ExitCode == 0, list.Error);
        using (var json = JsonDocument.Parse(list.Output))
        {
            Assert.Equal(newest.ToString(), json.RootElement.GetProperty("set").GetString());
        }

        var verify = await CairnProcess.RunAsync(["verify", "--time", "now", "--json", .. where], environment);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        using (var json = JsonDocument.Parse(verify.Output))
        {
            Assert.Equal(2, json.RootElement.GetProperty("filesChecked").GetInt64()); // a.txt and b.txt: the newest backup's files
        }
    }
}
