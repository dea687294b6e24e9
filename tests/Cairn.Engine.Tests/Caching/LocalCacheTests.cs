using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.Caching;

/// <summary>
/// What the warm cache saves, now that a cached manifest stands for the target's object only while that object is
/// the one it came from (<c>manifest.object</c>): an incremental still needs no key and reads one small object, the
/// manifest it builds on; a cache from before the record trusts its copies once, as it did, and records the objects
/// without needing a key.
/// </summary>
public class LocalCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_warm_cache_incremental_reads_only_the_manifest_it_builds_on_and_asks_for_no_key()
    {
        using var target = new TestTarget("cairn-cache-incremental");
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        File.WriteAllText(file, "first night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(file, "second night");
        var second = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);

        File.WriteAllText(file, "third night");
        var keyless = target.Context() with { Identities = () => throw new InvalidOperationException("a warm-cache backup asked for the key") };
        target.Backend.Reset();
        var third = await BackupJob.RunAsync(keyless, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None);

        Assert.Null(third.FullReason);
        var manifest = $"{second.Set}/manifest.cairn";
        Assert.Equal([manifest], target.Backend.Opened.Where(name => !name.StartsWith("locks/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_cache_without_records_records_each_manifest_once_without_a_key_and_keeps_its_catalogues()
    {
        using var target = new TestTarget("cairn-cache-legacy");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "first night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "second night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);
        var records = Directory.GetFiles(target.CacheDirectory, "manifest.object", SearchOption.AllDirectories);
        Assert.Equal(2, records.Length);
        foreach (var record in records)
        {
            File.Delete(record);
        }

        var warnings = new List<string>();
        var context = target.Context() with { Warn = warnings.Add, Identities = () => throw new InvalidOperationException("a cache from before the records asked for the key") };
        target.Backend.Reset();
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(2, index.Chains.Single().Sets.Count);
        Assert.Equal(2, target.Backend.Opened.Count(name => name.EndsWith("/manifest.cairn", StringComparison.Ordinal)));
        Assert.Empty(warnings);
        Assert.Equal(2, Directory.GetFiles(target.CacheDirectory, "manifest.object", SearchOption.AllDirectories).Length);
        Assert.Equal(2, Directory.GetFiles(target.CacheDirectory, "catalogue.bin", SearchOption.AllDirectories).Length);

        target.Backend.Reset();
        await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Empty(target.Backend.Opened);
    }
}
