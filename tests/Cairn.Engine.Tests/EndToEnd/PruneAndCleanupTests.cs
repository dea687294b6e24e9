using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Retention;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

public class PruneAndCleanupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Three chains: full+2 inc (January), full+1 inc (February), full+1 inc (March).</summary>
    private static async Task<List<(DateTimeOffset Time, IReadOnlyList<string> Tree)>> MakeChainsAsync(TestTarget target, EngineContext context)
    {
        var points = new List<(DateTimeOffset, IReadOnlyList<string>)>();
        var plan = new (int Day, bool Full)[] { (0, true), (1, false), (2, false), (31, true), (32, false), (59, true), (60, false) };
        foreach (var (day, full) in plan)
        {
            TestFiles.Write(Path.Combine(target.SourceDirectory, $"day{day}.txt"), TestFiles.Random(day, 2000));
            TestFiles.Write(Path.Combine(target.SourceDirectory, "changing.bin"), TestFiles.Random(1000 + day, 50_000));
            var time = T0.AddDays(day);
            await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = time, ForceFull = full }, null, CancellationToken.None);
            points.Add((time, TreeSnapshot.Capture(target.SourceDirectory)));
        }

        return points;
    }

    private static IEnumerable<string> FoldersOf(string store) =>
        Directory.GetDirectories(store).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Fact]
    public async Task Prune_keeps_exactly_the_sets_the_policy_and_their_dependencies_need()
    {
        using var target = new TestTarget("cairn-prune");
        var context = target.Context();
        var points = await MakeChainsAsync(target, context);

        // Dry run: nothing removed.
        var dry = await PruneJob.RunAsync(context, new RetentionPolicy { KeepFull = 2 }, force: false, breakLock: false, CancellationToken.None);
        Assert.False(dry.Deleted);
        Assert.Equal(3, dry.Decisions.Count(d => !d.Keep));
        Assert.Equal(7, (await TargetInspection.LoadIndexAsync(context, CancellationToken.None)).Sets.Count);

        // keep-incrementals-of 2: the January chain loses its incrementals, keeps its full set.
        var incOnly = await PruneJob.RunAsync(context, new RetentionPolicy { KeepIncrementalsOf = 2 }, force: true, breakLock: false, CancellationToken.None);
        Assert.Equal(["inc-20260102T000000Z", "inc-20260103T000000Z"], incOnly.Decisions.Where(d => !d.Keep).Select(d => d.Set.Name.ToString()));
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(["full-20260101T000000Z", "full-20260201T000000Z", "inc-20260202T000000Z", "full-20260301T000000Z", "inc-20260302T000000Z"], index.Sets.Select(s => s.Name.ToString()));

        // older-than mid-February: the January chain (ending Jan 1) goes; February's chain ends Feb 2 < Feb 15 and goes too; March stays (newest).
        var older = await PruneJob.RunAsync(context, new RetentionPolicy { OlderThan = T0.AddDays(45) }, force: true, breakLock: false, CancellationToken.None);
        Assert.Equal(3, older.Decisions.Count(d => !d.Keep));
        index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(["full-20260301T000000Z", "inc-20260302T000000Z"], index.Sets.Select(s => s.Name.ToString()));
        Assert.Empty(index.PartialSets);
        // The removed sets' folders went with their last objects (and locks/ with the last lock): nights of
        // backups and prunes do not fill the target with empty folders.
        Assert.Equal(["full-20260301T000000Z", "inc-20260302T000000Z"], FoldersOf(target.StoreDirectory));

        // What is kept still restores exactly.
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(cacheDirectory: target.NewDirectory("cold")), new RestoreRequest { TargetDirectory = restored, Time = points[5].Time }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(points[5].Tree, TreeSnapshot.Capture(restored), "restore after prune");

        // The newest chain is never removed, whatever the policy.
        var keepOne = await PruneJob.RunAsync(context, new RetentionPolicy { KeepFull = 1, OlderThan = T0.AddYears(5) }, force: true, breakLock: false, CancellationToken.None);
        Assert.All(keepOne.Decisions, d => Assert.True(d.Keep));
    }

    [Fact]
    public async Task Cleanup_removes_only_partial_sets_broken_incrementals_and_strays()
    {
        using var target = new TestTarget("cairn-cleanup");
        var context = target.Context();
        var points = await MakeChainsAsync(target, context);
        var store = target.StoreDirectory;

        // An interrupted backup: a set folder without a manifest; a stray object; a broken chain (February's full is gone).
        Directory.CreateDirectory(Path.Combine(store, "inc-20260401T000000Z"));
        File.WriteAllBytes(Path.Combine(store, "inc-20260401T000000Z", "vol-000001.cairn"), TestFiles.Random(1, 5000));
        File.WriteAllBytes(Path.Combine(store, "stray.tmp"), [1, 2, 3]);
        Directory.Delete(Path.Combine(store, "full-20260201T000000Z"), recursive: true);

        var listed = (await CleanupJob.RunAsync(context, force: false, breakLock: false, CancellationToken.None)).Items;
        Assert.Equal(["inc-20260202T000000Z/", "inc-20260401T000000Z/", "stray.tmp"], listed.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(store, "stray.tmp")), "a dry run removes nothing");

        await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None);
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(["full-20260101T000000Z", "inc-20260102T000000Z", "inc-20260103T000000Z", "full-20260301T000000Z", "inc-20260302T000000Z"], index.Sets.Select(s => s.Name.ToString()));
        Assert.Empty(index.StrayObjects);
        Assert.Empty((await CleanupJob.RunAsync(context, force: false, breakLock: false, CancellationToken.None)).Items);
        Assert.Equal(["full-20260101T000000Z", "full-20260301T000000Z", "inc-20260102T000000Z", "inc-20260103T000000Z", "inc-20260302T000000Z"], FoldersOf(store));

        foreach (var i in new[] { 2, 6 })
        {
            var restored = target.NewDirectory($"restored-{i}");
            await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored, Time = points[i].Time }, null, CancellationToken.None);
            TreeSnapshot.AssertEqual(points[i].Tree, TreeSnapshot.Capture(restored), $"restore of point {i} after cleanup");
        }
    }
}
