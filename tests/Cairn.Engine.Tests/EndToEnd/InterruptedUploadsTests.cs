using System.Text.Json;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Locking;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// The hidden temporary file a backup killed mid-upload leaves on a local target, which no listing shows:
/// <c>cleanup</c> lists it and, holding the target's lock, removes it. The job is opened as the CLI opens it
/// (plugin, resilient wrapper), and the CLI's own output is checked through <c>dist/cairn</c>.
/// </summary>
public sealed class InterruptedUploadsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

    /// <summary>The folder of a set whose backup was killed while it uploaded its first volume.</summary>
    private const string KilledSet = "inc-20261125T020000Z";

    private readonly TempDirectory _temp = new("cairn-interrupted");

    public void Dispose() => _temp.Dispose();

    private string Store => Path.Combine(_temp.Path, "store");

    private string Source => Path.Combine(_temp.Path, "source");

    private ProfileJob Open(string name) => ProfileJob.Open(Path.Combine(_temp.Path, name), "local", new Uri(Store));

    /// <summary>Leaves what the local backend's write leaves when its process dies: the temporary file, never renamed.</summary>
    private string LeaveInterruptedUpload(int size)
    {
        const string name = KilledSet + "/.cairn-partial-0123456789abcdef";
        TestFiles.Write(Path.Combine(Store, name), TestFiles.Random(7, size));
        return name;
    }

    private async Task<BackupResult> BackUpAsync(ProfileJob job)
    {
        TestFiles.Write(Path.Combine(Source, "a.txt"), TestFiles.Random(1, 10_000));
        return await BackupJob.RunAsync(job.Context, new BackupOptions { Source = Source, Time = T0 }, null, CancellationToken.None);
    }

    [Fact]
    public async Task Cleanup_lists_an_interrupted_upload_in_its_dry_run_and_removes_it_when_forced()
    {
        await using var job = Open("job");
        var full = await BackUpAsync(job);
        var objects = (await TargetInspection.LoadIndexAsync(job.Context, CancellationToken.None)).Sets.Single().Objects;
        var leftover = LeaveInterruptedUpload(5000);

        var listed = Assert.Single((await CleanupJob.RunAsync(job.Context, force: false, breakLock: false, CancellationToken.None)).Items);
        Assert.Equal(new CleanupItem(leftover, "interrupted upload", 5000), listed);
        Assert.True(File.Exists(Path.Combine(Store, leftover)), "a dry run removes nothing");

        var removed = (await CleanupJob.RunAsync(job.Context, force: true, breakLock: false, CancellationToken.None)).Items;
        Assert.Equal([listed], removed);
        Assert.False(File.Exists(Path.Combine(Store, leftover)));
        Assert.Empty((await CleanupJob.RunAsync(job.Context, force: false, breakLock: false, CancellationToken.None)).Items);
        var set = Assert.Single((await TargetInspection.LoadIndexAsync(job.Context, CancellationToken.None)).Sets);
        Assert.True(set.IsComplete);
        Assert.Equal(full.Set, set.Name);
        Assert.Equal(objects.Select(o => (o.Name, o.Size)).Order(), set.Objects.Select(o => (o.Name, o.Size)).Order());
    }

    [Fact]
    public async Task The_next_backup_removes_what_a_killed_one_left_but_keeps_a_set_that_lacks_only_its_manifest()
    {
        await using var job = Open("job");
        await BackUpAsync(job);
        // A backup killed while it uploaded its second volume: one volume, an upload cut off, no catalogue.
        var leftover = LeaveInterruptedUpload(5000);
        TestFiles.Write(Path.Combine(Store, KilledSet, "vol-000001.cairn"), TestFiles.Random(2, 3000));
        // A set with everything but its manifest, which may have been lost on the target rather than never written.
        const string ManifestLost = "inc-20261125T030000Z";
        TestFiles.Write(Path.Combine(Store, ManifestLost, "vol-000001.cairn"), TestFiles.Random(3, 2000));
        TestFiles.Write(Path.Combine(Store, ManifestLost, "catalogue.cairn"), TestFiles.Random(4, 1000));

        var dryRun = await BackupJob.RunAsync(job.Context, new BackupOptions { Source = Source, Time = T0.AddHours(3), DryRun = true }, null, CancellationToken.None);
        Assert.Empty(dryRun.Removed);
        Assert.True(File.Exists(Path.Combine(Store, leftover)), "a dry run removes nothing");

        var next = await BackupJob.RunAsync(job.Context, new BackupOptions { Source = Source, Time = T0.AddHours(3) }, null, CancellationToken.None);

        Assert.Equal([new CleanupItem(KilledSet + "/", "partial set (no manifest)", 3000), new CleanupItem(leftover, "interrupted upload", 5000)], next.Removed);
        Assert.False(File.Exists(Path.Combine(Store, leftover)));
        Assert.False(File.Exists(Path.Combine(Store, KilledSet, "vol-000001.cairn")));
        var index = await TargetInspection.LoadIndexAsync(job.Context, CancellationToken.None);
        var kept = Assert.Single(index.PartialSets);
        Assert.Equal(ManifestLost, kept.Name.ToString());
        Assert.True(kept.LacksOnlyItsManifest);
        Assert.Equal(2, index.Sets.Count(s => s.IsComplete));
    }

    [Fact]
    public async Task A_stop_while_a_killed_backups_leftovers_go_leaves_the_new_backup_complete_and_the_rest_for_the_next()
    {
        await using var job = Open("job");
        await BackUpAsync(job);
        TestFiles.Write(Path.Combine(Store, KilledSet, "vol-000001.cairn"), TestFiles.Random(2, 3000));
        using var stop = new CancellationTokenSource();
        var warnings = new List<string>();
        var stopping = job.Context with { Backend = new StopOnRemovalBackend(job.Context.Backend, KilledSet + "/", stop), Warn = warnings.Add };

        var next = await BackupJob.RunAsync(stopping, new BackupOptions { Source = Source, Time = T0.AddHours(3) }, null, stop.Token);

        Assert.True(stop.IsCancellationRequested, "the stop came while the killed backup's set was being removed");
        Assert.NotNull(next.Manifest);
        Assert.Empty(next.Removed);
        Assert.Equal(
            "stopped before everything interrupted backups left was removed; the next backup, or `cairn cleanup --force`, removes the rest",
            Assert.Single(warnings));
        var index = await TargetInspection.LoadIndexAsync(job.Context, CancellationToken.None);
        Assert.Contains(index.Sets, s => s.IsComplete && s.Name == next.Set);
        Assert.Equal(KilledSet, Assert.Single(index.PartialSets).Name.ToString());

        // Its lock went as usual, and the backup after it finishes the removal.
        var after = await BackupJob.RunAsync(job.Context, new BackupOptions { Source = Source, Time = T0.AddHours(4) }, null, CancellationToken.None);
        Assert.Equal([new CleanupItem(KilledSet + "/", "partial set (no manifest)", 3000)], after.Removed);
    }

    /// <summary>Stops the backup (as Ctrl-C does) when it comes to remove an object under a prefix.</summary>
    private sealed class StopOnRemovalBackend(Contracts.Backends.IBackend inner, string prefix, CancellationTokenSource stop) : DelegatingBackend(inner)
    {
        public override Task DeleteAsync(string name, CancellationToken cancellationToken = default)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return base.DeleteAsync(name, cancellationToken);
            }

            stop.Cancel();
            return base.DeleteAsync(name, stop.Token);
        }
    }

    [Fact]
    public async Task Status_says_which_partial_set_the_next_backup_removes_and_which_it_keeps()
    {
        await using (var job = Open("job"))
        {
            await BackUpAsync(job);
        }

        TestFiles.Write(Path.Combine(Store, KilledSet, "vol-000001.cairn"), TestFiles.Random(2, 3000));
        const string ManifestLost = "inc-20261125T030000Z";
        TestFiles.Write(Path.Combine(Store, ManifestLost, "vol-000001.cairn"), TestFiles.Random(3, 2000));
        TestFiles.Write(Path.Combine(Store, ManifestLost, "catalogue.cairn"), TestFiles.Random(4, 1000));

        var (code, output, error) = await CairnProcess.RunAsync(
            ["status", "--target", Store, "--cache-dir", Path.Combine(_temp.Path, "cli-cache")],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase });

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        var lines = output.Split('\n');
        Assert.Contains($"Partial set {KilledSet} (2.9 KiB): an interrupted backup; the next backup removes it, or `cairn cleanup --force` now.", lines);
        Assert.Contains($"Partial set {ManifestLost} (2.9 KiB): all but its manifest, which may have been lost on the target (put it back from a copy to restore from it); kept until `cairn cleanup --force` removes it.", lines);
    }

    [Fact]
    public async Task Cairn_backup_says_what_it_removed_of_a_killed_backup()
    {
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] backup = ["backup", "--source", Source, "--target", Store, "--cache-dir", Path.Combine(_temp.Path, "cli-cache")];
        TestFiles.Write(Path.Combine(Source, "a.txt"), TestFiles.Random(1, 10_000));
        var first = await CairnProcess.RunAsync(backup, environment);
        Assert.True(first.ExitCode == 0, first.Error);
        // A backup killed while it uploaded its first volume leaves its lock and that upload, and no object yet.
        var leftover = LeaveInterruptedUpload(5000);
        using (var process = System.Diagnostics.Process.Start("true")!)
        {
            await process.WaitForExitAsync();
            using var content = new MemoryStream((LockInfo.ForCurrentProcess("backup") with { Pid = process.Id, ProcessStart = null }).ToJson());
            Directory.CreateDirectory(Path.Combine(Store, "locks"));
            await File.WriteAllBytesAsync(Path.Combine(Store, "locks", "killed.json"), content.ToArray());
        }

        var (code, output, error) = await CairnProcess.RunAsync(backup, environment);

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        Assert.Contains($"  removed {leftover} (interrupted upload, 4.9 KiB), left by an interrupted backup", output.Split('\n'));
        Assert.False(File.Exists(Path.Combine(Store, leftover)));
        Assert.StartsWith("cairn: warning: removed the stale lock locks/killed.json", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Uploads_that_cannot_be_listed_or_removed_are_a_warning_and_the_rest_of_the_cleanup_is_done(bool listingFails)
    {
        await using var job = Open("job");
        await BackUpAsync(job);
        var leftover = LeaveInterruptedUpload(5000);
        // What a backup killed after its first volume leaves beside it: a set with objects and no manifest.
        TestFiles.Write(Path.Combine(Store, "full-20261126T010000Z", "vol-000001.cairn"), TestFiles.Random(2, 3000));
        var warnings = new List<string>();
        var context = job.Context with { Backend = new UploadsFailingBackend(job.Context.Backend, listingFails), Warn = warnings.Add };

        var removed = (await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None)).Items;

        Assert.Equal(new CleanupItem("full-20261126T010000Z/", "partial set (no manifest)", 3000), Assert.Single(removed));
        Assert.False(Directory.Exists(Path.Combine(Store, "full-20261126T010000Z")) && Directory.EnumerateFiles(Path.Combine(Store, "full-20261126T010000Z")).Any());
        Assert.True(File.Exists(Path.Combine(Store, leftover)), "an upload that was not removed stays for the next cleanup");
        Assert.Equal(
            listingFails
                ? "could not list interrupted uploads: the store does not support the listing of uploads"
                : $"{leftover}: could not remove this interrupted upload: the store refused to remove {leftover}",
            Assert.Single(warnings));
    }

    [Fact]
    public async Task A_live_lock_keeps_cleanup_from_removing_an_upload_that_may_still_be_running()
    {
        await using var job = Open("job");
        await BackUpAsync(job);
        var leftover = LeaveInterruptedUpload(5000);
        using (var content = new MemoryStream((LockInfo.ForCurrentProcess("backup") with { Host = "another-host" }).ToJson()))
        {
            await job.Context.Backend.WriteAsync("locks/planted.json", content);
        }

        await Assert.ThrowsAsync<TargetLockedException>(() => CleanupJob.RunAsync(job.Context, force: true, breakLock: false, CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(Store, leftover)), "the lock's holder may still be writing it");

        // The holder finished: its lock is gone, and its upload can only be a leftover now.
        await job.Context.Backend.DeleteAsync("locks/planted.json");
        var removed = Assert.Single((await CleanupJob.RunAsync(job.Context, force: true, breakLock: false, CancellationToken.None)).Items);
        Assert.Equal(leftover, removed.Name);
        Assert.False(File.Exists(Path.Combine(Store, leftover)));
    }

    [Fact]
    public async Task The_cli_shows_an_interrupted_upload_like_any_other_item_in_text_and_json()
    {
        var leftover = LeaveInterruptedUpload(5000);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] cleanup = ["cleanup", "--target", Store, "--cache-dir", Path.Combine(_temp.Path, "cli-cache")];

        var dry = await CairnProcess.RunAsync(cleanup, environment);
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Equal(
            [$"would remove {leftover}  (interrupted upload, 4.9 KiB)", "Dry run: add --force to remove 1 item(s)."],
            dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var json = await CairnProcess.RunAsync([.. cleanup, "--json"], environment);
        Assert.True(json.ExitCode == 0, json.Error);
        var item = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(leftover, item.GetProperty("name").GetString());
        Assert.Equal("interrupted upload", item.GetProperty("reason").GetString());
        Assert.Equal(5000, item.GetProperty("bytes").GetInt64());

        var forced = await CairnProcess.RunAsync([.. cleanup, "--force"], environment);
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal(
            [$"removed {leftover}  (interrupted upload, 4.9 KiB)", "Cleaned up 1 item(s)."],
            forced.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(Store, leftover)));
    }

    [Fact]
    public async Task Status_counts_the_interrupted_uploads_and_says_whether_a_running_backup_may_own_them()
    {
        await using var job = Open("job");
        await BackUpAsync(job);
        var leftover = LeaveInterruptedUpload(5000);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] status = ["status", "--target", Store, "--cache-dir", Path.Combine(_temp.Path, "cli-cache")];

        var text = await CairnProcess.RunAsync(status, environment);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("1 unfinished upload (4.9 KiB), left by backups that were killed or lost their connection; `cairn cleanup --force` removes them.", text.Output, StringComparison.Ordinal);

        var json = await CairnProcess.RunAsync([.. status, "--json"], environment);
        Assert.True(json.ExitCode == 0, json.Error);
        var upload = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("uploads").EnumerateArray());
        Assert.Equal((leftover, 5000L), (upload.GetProperty("name").GetString(), upload.GetProperty("bytes").GetInt64()));

        // A backup that holds the lock may be writing it right now.
        using (var content = new MemoryStream((LockInfo.ForCurrentProcess("backup") with { Host = "another-host" }).ToJson()))
        {
            await job.Context.Backend.WriteAsync("locks/running.json", content);
        }

        var locked = await CairnProcess.RunAsync(status, environment);
        Assert.True(locked.ExitCode == 0, locked.Error);
        Assert.Contains("1 unfinished upload (4.9 KiB): some may belong to the backup that holds the lock", locked.Output, StringComparison.Ordinal);

        // So does cleanup's dry run, which takes no lock either.
        var dry = await CairnProcess.RunAsync(["cleanup", .. status[1..]], environment);
        Assert.True(dry.ExitCode == 0, dry.Error);
        var lines = dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"would remove {leftover}  (interrupted upload, 4.9 KiB)", lines[0]);
        Assert.StartsWith("Note: the target is locked (backup on host another-host, pid ", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith("what that process is writing now may be listed above, and --force refuses until it ends.", lines[^1], StringComparison.Ordinal);
    }
}
