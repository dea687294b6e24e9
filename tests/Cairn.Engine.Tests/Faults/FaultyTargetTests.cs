using System.Collections.Concurrent;
using Cairn.Contracts.Backends;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Hosting.Backends;
using Cairn.Testing;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.Faults;

/// <summary>
/// The backup engine on a target made unreliable by the <c>faulty</c> plugin (wrapping a local folder), opened
/// as the CLI opens it: retries must carry a backup through a flaky store, and a dead store must fail the
/// backup quickly with a clear error, leaving nothing that claims to be complete.
/// </summary>
public sealed class FaultyTargetTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Longer than a failing backup needs with <see cref="ProfileJob.QuickRetries"/>; reaching it means something hangs.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new("cairn-faulty-target");
    private readonly ConcurrentQueue<BackendRetry> _retries = new();

    public void Dispose() => _temp.Dispose();

    private string Store => Path.Combine(_temp.Path, "store");

    private string Source => Path.Combine(_temp.Path, "source");

    [Fact]
    public async Task A_backup_to_a_flaky_target_completes_and_restores_bit_identical()
    {
        WriteTree(seed: 1);
        var flakyOptions = new Dictionary<string, string>
        {
            ["failure-rate"] = "0.4",
            ["cut-off-after-bytes"] = "100000",
            ["delay-ms"] = "1",
            ["seed"] = "20261126",
        };
        await using (var flaky = OpenFaulty("flaky", flakyOptions))
        {
            await BackupJob.RunAsync(flaky.Context, new BackupOptions { Source = Source, Time = T0 }, null, CancellationToken.None).WaitAsync(Bound * 3);
            ChangeTree(seed: 2);
            var inc = await BackupJob.RunAsync(flaky.Context, new BackupOptions { Source = Source, Time = T0.AddHours(1) }, null, CancellationToken.None).WaitAsync(Bound * 3);
            Assert.Equal(SetKind.Incremental, inc.Set.Kind);
        }

        // Reads through the flaky store with a cold cache (manifests, catalogues, volumes): failed opens are retried, cut-off reads resume.
        await using (var flakyReader = OpenFaulty("flaky-reader", flakyOptions))
        {
            var restored = Directory.CreateDirectory(Path.Combine(_temp.Path, "restored-flaky")).FullName;
            await RestoreJob.RunAsync(flakyReader.Context, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None).WaitAsync(Bound * 3);
            TreeSnapshot.AssertEqual(TreeSnapshot.Capture(Source), TreeSnapshot.Capture(restored), "restore through the flaky store");
        }

        var operations = _retries.GroupBy(r => r.Operation).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{_retries.Count} retries: {string.Join(", ", operations.Select(o => $"{o.Key} {o.Value}"))}");
        Assert.True(_retries.Count >= 10, $"only {_retries.Count} calls were retried: the store was not flaky enough to test anything");
        Assert.Contains("write", operations.Keys);
        Assert.Contains("read", operations.Keys);

        // What the flaky store holds is whole: a healthy job with a cold cache finds one intact chain and restores it.
        await using var healthy = OpenHealthy("healthy");
        var index = await TargetInspection.LoadIndexAsync(healthy.Context, CancellationToken.None);
        Assert.Equal(2, Assert.Single(index.Chains).Sets.Count);
        Assert.Empty(index.PartialSets);
        Assert.Empty(index.StrayObjects);
        Assert.Empty(index.Locks);
        Assert.DoesNotContain(Directory.GetFiles(Store, "*", SearchOption.AllDirectories), f => f.Contains(BackendNames.PartialUploadPrefix, StringComparison.Ordinal));
        var again = Directory.CreateDirectory(Path.Combine(_temp.Path, "restored-healthy")).FullName;
        await RestoreJob.RunAsync(healthy.Context, new RestoreRequest { TargetDirectory = again }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(TreeSnapshot.Capture(Source), TreeSnapshot.Capture(again), "restore of what the flaky store holds");
    }

    [Fact]
    public async Task A_backup_to_a_dead_target_fails_quickly_with_a_clear_error_and_writes_nothing()
    {
        WriteTree(seed: 3);
        await using (var dead = OpenFaulty("dead", new() { ["mode"] = "dead" }))
        {
            var error = await Assert.ThrowsAnyAsync<BackendException>(() =>
                BackupJob.RunAsync(dead.Context, new BackupOptions { Source = Source, Time = T0 }, null, CancellationToken.None).WaitAsync(Bound));
            AssertClear(error);
        }

        Assert.Empty(Directory.Exists(Store) ? Directory.EnumerateFileSystemEntries(Store, "*", SearchOption.AllDirectories) : []);

        // The same folder, unwrapped, takes the backup.
        await using var healthy = OpenHealthy("healthy");
        var full = await BackupJob.RunAsync(healthy.Context, new BackupOptions { Source = Source, Time = T0.AddMinutes(5) }, null, CancellationToken.None);
        Assert.Equal(SetKind.Full, full.Set.Kind);
        await AssertRestoresSourceAsync(healthy);
    }

    [Fact]
    public async Task A_target_that_dies_midway_leaves_only_a_partial_set_that_cleanup_removes()
    {
        WriteTree(seed: 4);
        await using var healthy = OpenHealthy("healthy");
        var full = await BackupJob.RunAsync(healthy.Context, new BackupOptions { Source = Source, Time = T0 }, null, CancellationToken.None);

        // Enough new data for several volumes, so the store dies among the uploads of the incremental.
        ChangeTree(seed: 5);
        TestFiles.WriteRandom(Path.Combine(Source, "more/large.bin"), 6, 5 << 20);
        var dyingAt = T0.AddHours(1);
        BackendException error;
        await using (var dying = OpenFaulty("dying", new() { ["failure-rate"] = "0", ["dead-after-calls"] = "15" }))
        {
            error = await Assert.ThrowsAnyAsync<BackendException>(() =>
                BackupJob.RunAsync(dying.Context, new BackupOptions { Source = Source, Time = dyingAt }, null, CancellationToken.None).WaitAsync(Bound));
            AssertClear(error);
        }

        // Nothing claims to be complete: the interrupted set has objects but no manifest, and the index sees only the full set.
        var index = await TargetInspection.LoadIndexAsync(healthy.Context, CancellationToken.None);
        Assert.Equal([full.Set], index.Sets.Where(s => s.IsComplete).Select(s => s.Name));
        var partial = Assert.Single(index.PartialSets);
        Assert.Equal(SetKind.Incremental, partial.Name.Kind);
        output.WriteLine($"the dead store kept {partial.Objects.Count} objects of the interrupted set: {string.Join(", ", partial.Objects.Select(o => o.Name))}");
        Assert.NotEmpty(partial.Objects);
        // The error is the upload's that failed, not the lock's removal that failed after it.
        Assert.Contains(partial.Name.Prefix, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Store, TargetLayout.ObjectName(partial.Name, TargetLayout.ManifestFile))));

        // cleanup lists the leftovers, then removes them (the lock too: its process, this one, is alive, so --break-lock).
        var listed = (await CleanupJob.RunAsync(healthy.Context, force: false, breakLock: false, CancellationToken.None)).Items;
        Assert.Contains(listed, item => item.Name == partial.Name.Prefix);
        await CleanupJob.RunAsync(healthy.Context, force: true, breakLock: true, CancellationToken.None);
        index = await TargetInspection.LoadIndexAsync(healthy.Context, CancellationToken.None);
        Assert.Equal([full.Set], index.Sets.Select(s => s.Name));
        Assert.Empty(index.Locks);

        // The next backup to the healthy folder continues the chain.
        var inc = await BackupJob.RunAsync(healthy.Context, new BackupOptions { Source = Source, Time = dyingAt.AddMinutes(5) }, null, CancellationToken.None);
        Assert.Equal(SetKind.Incremental, inc.Set.Kind);
        await AssertRestoresSourceAsync(healthy);
    }

    private void AssertClear(BackendException error)
    {
        output.WriteLine($"{error.GetType().Name}: {error.Message}");
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("faulty backend", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTarget.Passphrase, error.Message, StringComparison.Ordinal);
    }

    private ProfileJob OpenFaulty(string name, Dictionary<string, string> options) =>
        ProfileJob.Open(Path.Combine(_temp.Path, name), "faulty", new Uri("faulty:" + new Uri(Store).AbsoluteUri), options, ProfileJob.QuickRetries(_retries.Enqueue));

    private ProfileJob OpenHealthy(string name) => ProfileJob.Open(Path.Combine(_temp.Path, name), "local", new Uri(Store));

    private async Task AssertRestoresSourceAsync(ProfileJob job)
    {
        var restored = Directory.CreateDirectory(_temp.NewSubdirectory("restored")).FullName;
        await RestoreJob.RunAsync(job.Context, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(TreeSnapshot.Capture(Source), TreeSnapshot.Capture(restored), "restore from the healthy folder");
    }

    /// <summary>About 4 MiB in a dozen files: several 1 MiB volumes, multi-frame files, a symlink.</summary>
    private void WriteTree(int seed)
    {
        TestFiles.WriteRandom(Path.Combine(Source, "big.bin"), seed, (2 << 20) + 777);
        for (var i = 0; i < 10; i++)
        {
            TestFiles.Write(Path.Combine(Source, $"files/{i % 3}/f{i:D2}.bin"), TestFiles.Random((seed * 100) + i, 40_000 + (i * 15_000)));
        }

        File.CreateSymbolicLink(Path.Combine(Source, "link"), "big.bin");
    }

    private void ChangeTree(int seed)
    {
        using (var file = File.OpenWrite(Path.Combine(Source, "big.bin")))
        {
            file.Position = 1_500_000;
            file.Write(TestFiles.Random(seed, 8192));
        }

        File.Delete(Path.Combine(Source, "files/1/f01.bin"));
        TestFiles.Write(Path.Combine(Source, "files/new.bin"), TestFiles.Random(seed + 1, 120_000));
    }
}
