using System.Text.Json;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Restore;
using Cairn.Engine.Retention;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;
using Cairn.Format;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A set whose manifest is on the target but cannot be read with the keys that made it (cut off, altered,
/// or planted unencrypted) is damaged: left out of the chains, never removed, and an error, not a quiet
/// fallback to an older backup, when it is the one asked for.
/// </summary>
public class DamagedSetsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_planted_unencrypted_set_is_refused_by_an_encrypted_target()
    {
        using var target = new TestTarget("cairn-damaged-planted");
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "mine");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);

        // Whoever can write to the storage makes an unencrypted set of their own, newer, and puts it there.
        using var attacker = new TestTarget("cairn-damaged-attacker");
        File.WriteAllText(Path.Combine(attacker.SourceDirectory, "file.txt"), "attacker content");
        var unencrypted = attacker.Context() with { Encryption = null, Identities = () => [] };
        await BackupJob.RunAsync(unencrypted, new BackupOptions { Source = attacker.SourceDirectory, Time = T0.AddDays(1), ForceFull = true }, null, CancellationToken.None);
        var planted = Path.GetFileName(Assert.Single(Directory.GetDirectories(attacker.StoreDirectory, "full-*")));
        CopyDirectory(Path.Combine(attacker.StoreDirectory, planted), Path.Combine(target.StoreDirectory, planted));

        // The owner's own (warm) cache has never seen it, so it is read from the target.
        var context = target.Context();
        var restoreError = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.Contains($"{planted}/manifest.cairn", restoreError.Message, StringComparison.Ordinal);
        Assert.Contains("not encrypted", restoreError.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(target.Temp.Path, "restored")));

        var verified = await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None);
        Assert.False(verified.IsOk);
        Assert.Contains(verified.Problems, p => p.Contains("not encrypted", StringComparison.Ordinal));

        var folders = Directory.GetDirectories(target.StoreDirectory).Length;
        await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None));
        Assert.Equal(folders, Directory.GetDirectories(target.StoreDirectory).Length);

        var restored = target.NewDirectory("restored-before");
        await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored, Time = T0 }, null, CancellationToken.None);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(restored, "file.txt")));
    }

    [Fact]
    public async Task An_altered_manifest_is_tampering_not_a_set_made_with_other_keys()
    {
        using var target = new TestTarget("cairn-damaged-altered");
        var (full, incremental) = await MakeChainAsync(target);
        var manifest = ManifestPath(target, incremental);
        var bytes = File.ReadAllBytes(manifest);
        bytes[^1] ^= 0x41; // the trailer's tag: opens with the key, does not authenticate
        File.WriteAllBytes(manifest, bytes);
        var warnings = new List<string>();
        var context = target.Context(cacheDirectory: target.NewDirectory("cold")) with { Warn = warnings.Add };

        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Empty(index.SealedSets);
        Assert.IsType<AuthenticationFailedException>(Assert.Single(index.DamagedSets).Damage);

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.Contains($"{incremental}/manifest.cairn", error.Message, StringComparison.Ordinal);
        Assert.Contains(full, error.Message, StringComparison.Ordinal);
        Assert.Empty(warnings);

        var verified = await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None);
        Assert.Contains(verified.Problems, p => p.Contains($"{incremental}/manifest.cairn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_off_manifest_leaves_the_sets_before_it_usable_and_is_never_removed()
    {
        using var target = new TestTarget("cairn-damaged-empty");
        var (full, incremental, after) = await MakeChainOfThreeAsync(target);
        File.WriteAllBytes(ManifestPath(target, incremental), []);
        var warnings = new List<string>();
        var context = target.Context(cacheDirectory: target.NewDirectory("cold")) with { Warn = warnings.Add };

        // The set after it needs it to restore: damaged with it, and named as such.
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal([incremental, after], index.DamagedSets.Select(s => s.Name.ToString()));
        Assert.Empty(index.PartialSets);
        Assert.Empty(index.OrphanSets);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.Contains($"{after}: an earlier set of its chain cannot be read: {incremental}/manifest.cairn", error.Message, StringComparison.Ordinal);
        Assert.Contains(full, error.Message, StringComparison.Ordinal);
        var atFull = target.NewDirectory("restored-full");
        await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = atFull, Time = T0 }, null, CancellationToken.None);
        Assert.Equal("first night", File.ReadAllText(Path.Combine(atFull, "file.txt")));

        var incrementalError = await Assert.ThrowsAsync<InvalidDataException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None));
        Assert.Contains("--full", incrementalError.Message, StringComparison.Ordinal);
        Assert.Contains($"{incremental}/manifest.cairn", incrementalError.Message, StringComparison.Ordinal);
        var newChain = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(4), ForceFull = true }, null, CancellationToken.None);
        Assert.Equal("full backup requested", newChain.FullReason);

        Assert.Empty((await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None)).Items);
        await PruneJob.RunAsync(context, new RetentionPolicy { KeepFull = 1 }, force: true, breakLock: false, CancellationToken.None);
        Assert.Contains(warnings, w => w.Contains("2 set(s) cannot be read and are kept", StringComparison.Ordinal));
        Assert.Contains(incremental, SetFolders(target));
        Assert.Contains(after, SetFolders(target));
    }

    [Fact]
    public async Task A_manifest_lost_under_later_sets_is_damage_and_cleanup_removes_nothing()
    {
        using var target = new TestTarget("cairn-damaged-lost");
        var (full, incremental, after) = await MakeChainOfThreeAsync(target);
        File.Delete(ManifestPath(target, incremental));
        var context = target.Context(cacheDirectory: target.NewDirectory("cold"));

        // Not what an interrupted backup leaves (it has no later sets): the set and the one built on it are kept.
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal([incremental, after], index.DamagedSets.Select(s => s.Name.ToString()));
        Assert.Contains($"{incremental}/manifest.cairn is missing", index.DamagedSets[0].Damage!.Message, StringComparison.Ordinal);
        Assert.Empty(index.PartialSets);
        Assert.Empty(index.OrphanSets);
        Assert.Empty((await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None)).Items);
        Assert.Equal([full, incremental, after], SetFolders(target));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.Contains($"{incremental}/manifest.cairn is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_lists_damaged_sets_and_exits_4()
    {
        using var target = new TestTarget("cairn-damaged-status");
        var (full, incremental) = await MakeChainAsync(target);
        File.WriteAllBytes(ManifestPath(target, incremental), [1, 2, 3]);

        var (code, output, error) = await CairnProcess.RunAsync(
            ["status", "--json", "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.NewDirectory("cold")],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase });

        Assert.True(code == 4, $"exit {code}: {output} {error}");
        using var json = JsonDocument.Parse(output);
        var damaged = Assert.Single(json.RootElement.GetProperty("damaged").EnumerateArray());
        Assert.Equal(incremental, damaged.GetProperty("name").GetString());
        Assert.Contains("manifest.cairn", damaged.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(full, Assert.Single(json.RootElement.GetProperty("chains").EnumerateArray()).GetProperty("full").GetString());
    }

    [Theory]
    [InlineData("cut off")]
    [InlineData("altered")]
    [InlineData("garbled")]
    [InlineData("swapped")]
    public async Task Verify_reads_manifests_from_the_target_not_from_the_warm_cache(string damage)
    {
        using var target = new TestTarget("cairn-damaged-warm-verify");
        var (full, incremental) = await MakeChainAsync(target);
        var context = target.Context();
        Assert.True((await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None)).IsOk);

        // The nightly machine's cache holds the decrypted manifest; the target's copy is what a new machine reads.
        Damage(target, full, incremental, damage);

        var verified = await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None);
        Assert.False(verified.IsOk);
        Assert.Contains(verified.Problems, p => p.Contains($"{incremental}/manifest.cairn", StringComparison.Ordinal));

        // What verify found, status on the same cache finds too, and so does the next verify.
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(incremental, Assert.Single(index.DamagedSets).Name.ToString());
        var again = await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None);
        Assert.Contains(again.Problems, p => p.Contains($"{incremental}/manifest.cairn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cut off")]
    [InlineData("altered")]
    [InlineData("garbled")]
    [InlineData("swapped")]
    public async Task A_warm_cache_does_not_let_a_backup_build_on_a_set_whose_manifest_is_damaged_on_the_target(string damage)
    {
        using var target = new TestTarget("cairn-damaged-warm-backup");
        var (full, incremental) = await MakeChainAsync(target);
        Damage(target, full, incremental, damage);
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "third night");

        // The nightly machine, its cache warm with the manifest as it was: refused as a machine without the cache
        // would refuse it. An incremental on the set would be as unreadable as the set to every restore.
        var context = target.Context();
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None));
        Assert.True(error is InvalidDataException or AuthenticationFailedException, error.ToString());
        Assert.Contains($"{incremental}/manifest.cairn", error.Message, StringComparison.Ordinal);
        Assert.Contains("--full", error.Message, StringComparison.Ordinal);
        Assert.Equal([full, incremental], SetFolders(target));

        // Status on the same cache now names the damage, as on any other machine.
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(incremental, Assert.Single(index.DamagedSets).Name.ToString());

        var newChain = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3), ForceFull = true }, null, CancellationToken.None);
        Assert.Equal("full backup requested", newChain.FullReason);
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(cacheDirectory: target.NewDirectory("cold")), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal("third night", File.ReadAllText(Path.Combine(restored, "file.txt")));
    }

    [Fact]
    public async Task A_warm_cache_does_not_hide_an_earlier_set_of_the_chain_cut_off_on_the_target()
    {
        using var target = new TestTarget("cairn-damaged-warm-earlier");
        var (_, incremental, after) = await MakeChainOfThreeAsync(target);
        File.WriteAllBytes(ManifestPath(target, incremental), []);

        var context = target.Context();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None));
        Assert.Contains($"{incremental}/manifest.cairn", error.Message, StringComparison.Ordinal);
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal([incremental, after], index.DamagedSets.Select(s => s.Name.ToString()));
    }

    [Fact]
    public async Task A_warm_cache_builds_on_the_set_before_a_newest_set_whose_manifest_is_gone_as_a_cold_one_does()
    {
        using var target = new TestTarget("cairn-damaged-warm-missing");
        var (full, incremental) = await MakeChainAsync(target);
        File.Delete(ManifestPath(target, incremental));
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "third night");

        // Nothing was built on it, so it reads as an interrupted backup: the next one goes on from the set before it,
        // and never names it as an ancestor.
        var third = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None);
        Assert.Equal([full], third.Manifest!.Ancestors);
        var index = await TargetInspection.LoadIndexAsync(target.Context(), CancellationToken.None);
        Assert.Equal(incremental, Assert.Single(index.PartialSets).Name.ToString());

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(cacheDirectory: target.NewDirectory("cold")), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal("third night", File.ReadAllText(Path.Combine(restored, "file.txt")));
    }

    [Fact]
    public async Task A_manifest_object_larger_than_64_MiB_is_damaged_without_being_read_into_memory()
    {
        using var target = new TestTarget("cairn-damaged-huge-manifest");
        var (full, incremental) = await MakeChainAsync(target);
        using (var garbled = new FileStream(ManifestPath(target, incremental), FileMode.Create))
        {
            garbled.SetLength((64L << 20) + (1 << 20)); // sparse: costs no disk
        }

        var context = target.Context(cacheDirectory: target.NewDirectory("cold"));
        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        var damaged = Assert.Single(index.DamagedSets);
        Assert.IsType<InvalidDataException>(damaged.Damage);
        Assert.Contains("larger than 64 MiB", damaged.Damage!.Message, StringComparison.Ordinal);
        Assert.Equal(full, Assert.Single(index.Chains).Full.Name.ToString());
    }

    /// <summary>A full and an incremental with the test passphrase; returns their folder names.</summary>
    private static async Task<(string Full, string Incremental)> MakeChainAsync(TestTarget target)
    {
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        File.WriteAllText(file, "first night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(file, "second night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);
        var folders = SetFolders(target);
        return (folders[0], folders[1]);
    }

    /// <summary><see cref="MakeChainAsync"/> and a third night's incremental, built on the second.</summary>
    private static async Task<(string Full, string Incremental, string After)> MakeChainOfThreeAsync(TestTarget target)
    {
        var (full, incremental) = await MakeChainAsync(target);
        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "third night");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2) }, null, CancellationToken.None);
        return (full, incremental, SetFolders(target)[2]);
    }

    /// <summary>
    /// Cuts off <paramref name="set"/>'s manifest, alters its last byte (the tag), garbles its first (the magic), or puts
    /// <paramref name="other"/>'s in its place.
    /// </summary>
    private static void Damage(TestTarget target, string other, string set, string damage)
    {
        var manifest = ManifestPath(target, set);
        switch (damage)
        {
            case "cut off":
                File.WriteAllBytes(manifest, []);
                break;
            case "altered":
                var bytes = File.ReadAllBytes(manifest);
                bytes[^1] ^= 0x41;
                File.WriteAllBytes(manifest, bytes);
                break;
            case "garbled":
                var garbled = File.ReadAllBytes(manifest);
                garbled[0] ^= 0xFF; // the magic: not an archive at all, and not a byte longer
                File.WriteAllBytes(manifest, garbled);
                break;
            default:
                File.Copy(ManifestPath(target, other), manifest, overwrite: true);
                break;
        }
    }

    private static string ManifestPath(TestTarget target, string set) => Path.Combine(target.StoreDirectory, set, "manifest.cairn");

    private static List<string> SetFolders(TestTarget target) =>
        [.. Directory.GetDirectories(target.StoreDirectory).Select(d => Path.GetFileName(d)).Where(n => n is ['f' or 'i', ..]).OrderBy(n => n.Split('-')[1], StringComparer.Ordinal)];

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
