using Cairn.Contracts.Ciphers;
using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Format;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// The sets of a chain share one passphrase salt (IRecipient.ContinueFrom), so reading the chain derives
/// one key; a new chain draws a new salt; and a chain is continued only with the passphrase it was made
/// with. Each backup runs with fresh recipients, as separate runs do.
/// </summary>
public class ChainPassphraseTests
{
    [Fact]
    public async Task Every_archive_of_a_chain_carries_the_salt_of_its_full_set_and_a_new_chain_draws_another()
    {
        using var target = new TestTarget("cairn-salt");
        var src = target.SourceDirectory;
        var start = DateTimeOffset.UtcNow;
        for (var run = 0; run < 4; run++)
        {
            TestFiles.Write(Path.Combine(src, $"f{run}"), TestFiles.Random(run, 50_000));
            var options = new BackupOptions { Source = src, Time = start.AddMinutes(run), ForceFull = run == 3 };
            await BackupJob.RunAsync(target.Context(), options, null, CancellationToken.None);
        }

        var saltsBySet = Directory.GetDirectories(target.StoreDirectory)
            .Where(d => Path.GetFileName(d) is ['f' or 'i', ..])
            .OrderBy(d => Path.GetFileName(d).Split('-')[1], StringComparer.Ordinal) // by time: full, inc, inc, full
            .Select(set => Directory.GetFiles(set, "*.cairn").Select(PassphraseSalt).Distinct().ToList())
            .ToList();

        Assert.Equal(4, saltsBySet.Count);
        Assert.All(saltsBySet, salts => Assert.Single(salts)); // one salt per set...
        var chain = saltsBySet.Take(3).Select(s => s[0]).Distinct().ToList();
        Assert.Single(chain);                                   // ...and per chain
        Assert.NotEqual(chain[0], saltsBySet[3][0]);            // the new full set starts a new one
    }

    [Fact]
    public async Task An_incremental_with_another_passphrase_is_refused_and_a_full_backup_starts_a_chain_with_it()
    {
        using var target = new TestTarget("cairn-passphrase-change");
        var src = target.SourceDirectory;
        var start = DateTimeOffset.UtcNow;
        TestFiles.Write(Path.Combine(src, "first"), TestFiles.Random(1, 50_000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = src, Time = start }, null, CancellationToken.None);
        TestFiles.Write(Path.Combine(src, "second"), TestFiles.Random(2, 50_000));
        var setsBefore = SetFolders(target);

        // The warm cache means nothing of the chain must be decrypted: only the recipient can notice.
        var changed = target.Context(passphrase: "a new passphrase");
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            BackupJob.RunAsync(changed, new BackupOptions { Source = src, Time = start.AddMinutes(1) }, null, CancellationToken.None));
        Assert.Contains("--full", error.Message, StringComparison.Ordinal);
        Assert.Equal(setsBefore, SetFolders(target));

        await BackupJob.RunAsync(changed, new BackupOptions { Source = src, Time = start.AddMinutes(2), ForceFull = true }, null, CancellationToken.None);
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(changed, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "second")), File.ReadAllBytes(Path.Combine(restored, "second")));
    }

    [Fact]
    public async Task With_a_cold_cache_another_passphrase_is_refused_naming_the_object_that_does_not_open()
    {
        using var target = new TestTarget("cairn-passphrase-cold");
        var src = target.SourceDirectory;
        TestFiles.Write(Path.Combine(src, "first"), TestFiles.Random(3, 10_000));
        var full = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = src }, null, CancellationToken.None);

        var cold = target.Context(cacheDirectory: target.NewDirectory("cold-cache"), passphrase: "a new passphrase");
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            RestoreJob.RunAsync(cold, new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));

        Assert.StartsWith($"{full.Set}/manifest", error.Message, StringComparison.Ordinal);
    }

    private static List<string> SetFolders(TestTarget target) =>
        [.. Directory.GetDirectories(target.StoreDirectory).Select(d => Path.GetFileName(d)).Where(n => n is ['f' or 'i', ..]).Order(StringComparer.Ordinal)];

    private static string PassphraseSalt(string archive)
    {
        using var file = File.OpenRead(archive);
        var stanza = Assert.Single(ArchiveReader.ReadHeader(file).Stanzas, s => s.Type == "passphrase");
        return Convert.ToHexString(stanza.Body.AsSpan(10, 16));
    }
}
