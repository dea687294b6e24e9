using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.Caching;

/// <summary>
/// The cache is a copy: a cached catalogue or signatures archive damaged on the local disk is read again from the
/// target (with a warning), never trusted, and never a reason for every later backup to fail.
/// </summary>
public class DamagedCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_damaged_cached_catalogue_is_read_again_and_the_next_backup_is_right()
    {
        using var target = new TestTarget("cairn-cache-damaged-catalogue");
        var full = await BackUpAsync(target, T0, ("a.txt", 1), ("b.txt", 2));
        var cached = CachedFile(target, full.Set.ToString(), "catalogue.bin");
        Flip(cached, 12);

        var warnings = new List<string>();
        var next = await BackUpAsync(target, T0.AddDays(1), warnings, ("b.txt", 3));

        Assert.Equal($"{full.Set}: the cached copy of its catalogue is damaged (its SHA-256 is not the one it was cached with); read again from the target", Assert.Single(warnings));
        Assert.Equal((0, 1, 1), (next.Summary.NewFiles, next.Summary.ChangedFiles, next.Summary.UnchangedFiles));
        await AssertRestoresSourceAsync(target);
    }

    [Fact]
    public async Task A_cache_from_before_digests_keeps_its_catalogue_and_checks_it_from_then_on()
    {
        using var target = new TestTarget("cairn-cache-no-digest");
        var full = await BackUpAsync(target, T0, ("a.txt", 1));
        File.Delete(CachedFile(target, full.Set.ToString(), "catalogue.sha256"));

        var warnings = new List<string>();
        var keyless = target.Context() with { Warn = warnings.Add, Identities = () => throw new InvalidOperationException("the catalogue was fetched again") };
        await BackupJob.RunAsync(keyless, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);

        Assert.Empty(warnings);
        Assert.True(File.Exists(CachedFile(target, full.Set.ToString(), "catalogue.sha256")), "the digest is recorded on first use");
    }

    [Fact]
    public async Task A_damaged_cached_signatures_archive_is_read_again_and_the_delta_is_right()
    {
        using var target = new TestTarget("cairn-cache-damaged-signatures");
        var full = await BackUpAsync(target, T0, ("big.bin", 1));
        var cached = CachedFile(target, full.Set.ToString(), "signatures.cairn");
        Flip(cached, new FileInfo(cached).Length / 3);
        var big = Path.Combine(target.SourceDirectory, "big.bin");
        var content = File.ReadAllBytes(big);
        content[1000] ^= 0xff;
        File.WriteAllBytes(big, content);

        var warnings = new List<string>();
        var next = await BackupJob.RunAsync(target.Context() with { Warn = warnings.Add }, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);

        Assert.StartsWith($"{full.Set}: the cached copy of its signatures is damaged (", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.EndsWith("); read again from the target", warnings[0], StringComparison.Ordinal);
        Assert.Equal(1, next.Summary.ChangedFiles);
        Assert.True(next.Summary.BytesStored < content.Length / 2, $"stored {next.Summary.BytesStored} bytes: a delta, not the file again");
        await AssertRestoresSourceAsync(target);
    }

    [Fact]
    public async Task A_cached_manifest_changed_on_disk_is_read_again_and_its_catalogue_kept()
    {
        using var target = new TestTarget("cairn-cache-damaged-manifest");
        var full = await BackUpAsync(target, T0, ("a.txt", 1));
        var cached = CachedFile(target, full.Set.ToString(), "manifest.json");
        // One digit of a volume's size, which still parses: a restore would blame the target's volume.
        var json = File.ReadAllText(cached);
        var size = System.Text.RegularExpressions.Regex.Match(json, "\"size\": (\\d)");
        File.WriteAllText(cached, json[..size.Groups[1].Index] + (size.Groups[1].Value == "9" ? "8" : "9") + json[(size.Groups[1].Index + 1)..]);

        var warnings = new List<string>();
        target.Backend.Reset();
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context() with { Warn = warnings.Add }, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);

        Assert.Equal($"cache: the cached manifest of {full.Set} is damaged; fetching it again", Assert.Single(warnings));
        Assert.Equal(TreeSnapshot.Capture(target.SourceDirectory), TreeSnapshot.Capture(restored));
        Assert.DoesNotContain(target.Backend.Opened, name => name.EndsWith("/catalogue.cairn", StringComparison.Ordinal));
    }

    private static Task<BackupResult> BackUpAsync(TestTarget target, DateTimeOffset time, params (string Name, int Seed)[] files) =>
        BackUpAsync(target, time, null, files);

    private static async Task<BackupResult> BackUpAsync(TestTarget target, DateTimeOffset time, List<string>? warnings, params (string Name, int Seed)[] files)
    {
        foreach (var (name, seed) in files)
        {
            TestFiles.Write(Path.Combine(target.SourceDirectory, name), TestFiles.Random(seed, 600_000));
        }

        var context = warnings is null ? target.Context() : target.Context() with { Warn = warnings.Add };
        return await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = time }, null, CancellationToken.None);
    }

    private static string CachedFile(TestTarget target, string set, string name) =>
        Directory.GetFiles(target.CacheDirectory, name, SearchOption.AllDirectories).Single(path => path.Contains($"/{set}/", StringComparison.Ordinal));

    /// <summary>Inverts one byte of a file, as a bad sector or a stray write would.</summary>
    private static void Flip(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xff));
    }

    private static async Task AssertRestoresSourceAsync(TestTarget target)
    {
        var restored = target.NewDirectory("restored-" + Guid.NewGuid().ToString("N")[..6]);
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal(TreeSnapshot.Capture(target.SourceDirectory), TreeSnapshot.Capture(restored));
    }
}
