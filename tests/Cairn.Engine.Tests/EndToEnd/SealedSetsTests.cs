using System.Text.Json;
using Cairn.Contracts.Ciphers;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Restore;
using Cairn.Engine.Retention;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A passphrase change starts a new chain (a full backup with the new passphrase). Read through a cold
/// cache, the old chain's manifests do not open with the new passphrase: those sets are sealed, and every
/// command works with the sets that do open, without ever removing the sealed ones.
/// </summary>
public class SealedSetsTests
{
    private const string NewPassphrase = "the passphrase after the change";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_the_new_passphrase_a_cold_cache_restores_and_extends_the_new_chain_and_keeps_the_old_one()
    {
        using var target = new TestTarget("cairn-sealed-new");
        await MakeTwoChainsAsync(target);
        var oldSets = SetFolders(target).Take(2).ToList();
        var warnings = new List<string>();
        var context = target.Context(cacheDirectory: target.NewDirectory("cold-new"), passphrase: NewPassphrase) with { Warn = warnings.Add };

        var index = await TargetInspection.LoadIndexAsync(context, CancellationToken.None);
        Assert.Equal(oldSets, index.SealedSets.Select(s => s.Name.ToString()));
        Assert.Empty(index.PartialSets);
        Assert.Empty(index.OrphanSets);
        Assert.Single(Assert.Single(index.Chains).Sets);

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal("after the change", File.ReadAllText(Path.Combine(restored, "file.txt")));
        Assert.Empty(warnings);

        File.WriteAllText(Path.Combine(target.SourceDirectory, "file.txt"), "the next night");
        var next = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None);
        Assert.Null(next.FullReason);

        Assert.Empty((await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None)).Items);
        var pruned = await PruneJob.RunAsync(context, new RetentionPolicy { KeepFull = 1 }, force: true, breakLock: false, CancellationToken.None);
        Assert.All(pruned.Decisions, d => Assert.True(d.Keep));
        Assert.Contains(warnings, w => w.Contains("2 set(s) do not open", StringComparison.Ordinal));
        Assert.Equal(oldSets, SetFolders(target).Take(2));

        var verified = await VerifyJob.RunAsync(context, new VerifyOptions(), null, CancellationToken.None);
        Assert.True(verified.IsOk, string.Join("; ", verified.Problems));
        Assert.Equal(2, verified.SetsNotVerified);
        Assert.Equal(2, warnings.Count(w => w.StartsWith("not verified: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_the_old_passphrase_a_restore_says_it_is_older_than_asked_and_an_incremental_is_refused()
    {
        using var target = new TestTarget("cairn-sealed-old");
        await MakeTwoChainsAsync(target);
        var warnings = new List<string>();
        var context = target.Context(cacheDirectory: target.NewDirectory("cold-old")) with { Warn = warnings.Add };
        var newFull = SetFolders(target)[2];

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal("before the change, edited", File.ReadAllText(Path.Combine(restored, "file.txt")));
        Assert.Contains(warnings, w => w.Contains($"{newFull}, does not open", StringComparison.Ordinal));

        // A nightly job given the old passphrase by mistake must not quietly carry on the old chain.
        var before = SetFolders(target);
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None));
        Assert.Contains(newFull, error.Message, StringComparison.Ordinal);
        Assert.Contains("--full", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SetFolders(target));
    }

    [Fact]
    public async Task When_no_set_opens_a_backup_needs_full_and_a_restore_names_the_object()
    {
        using var target = new TestTarget("cairn-sealed-none");
        await MakeTwoChainsAsync(target);
        var context = target.Context(cacheDirectory: target.NewDirectory("cold-wrong"), passphrase: "mistyped");

        var restoreError = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.StartsWith($"{SetFolders(target)[2]}/manifest", restoreError.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(3) }, null, CancellationToken.None));
        var full = await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(4), ForceFull = true }, null, CancellationToken.None);
        Assert.Equal("full backup requested", full.FullReason);
        Assert.Equal(4, SetFolders(target).Count);
    }

    [Fact]
    public async Task Status_lists_sealed_sets_and_exits_3_when_no_set_opens()
    {
        using var target = new TestTarget("cairn-sealed-status");
        await MakeTwoChainsAsync(target);
        var folders = SetFolders(target);

        async Task<(int Code, string Output, string Error)> Status(string passphrase) =>
            await CairnProcess.RunAsync(
                ["status", "--json", "--target", $"file://{target.StoreDirectory}", "--cache-dir", target.NewDirectory($"cold-{passphrase.Length}")],
                new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = passphrase });

        var (code, output, error) = await Status(NewPassphrase);
        Assert.True(code == 0, $"exit {code}: {error}");
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(folders.Take(2), json.RootElement.GetProperty("sealed").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
            Assert.Equal(folders[2], Assert.Single(json.RootElement.GetProperty("chains").EnumerateArray()).GetProperty("full").GetString());
        }

        (code, output, error) = await Status("mistyped");
        Assert.True(code == 3, $"exit {code}: {output} {error}");
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(3, json.RootElement.GetProperty("sealed").GetArrayLength());
            Assert.Equal(0, json.RootElement.GetProperty("chains").GetArrayLength());
        }
    }

    /// <summary>Full and incremental with the test passphrase, then (warm cache) a full with <see cref="NewPassphrase"/>.</summary>
    private static async Task MakeTwoChainsAsync(TestTarget target)
    {
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        File.WriteAllText(file, "before the change");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        File.WriteAllText(file, "before the change, edited");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(1) }, null, CancellationToken.None);
        File.WriteAllText(file, "after the change");
        await BackupJob.RunAsync(target.Context(passphrase: NewPassphrase), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(2), ForceFull = true }, null, CancellationToken.None);
    }

    private static List<string> SetFolders(TestTarget target) =>
        [.. Directory.GetDirectories(target.StoreDirectory).Select(d => Path.GetFileName(d)).Where(n => n is ['f' or 'i', ..]).OrderBy(n => n.Split('-')[1], StringComparer.Ordinal)];
}
