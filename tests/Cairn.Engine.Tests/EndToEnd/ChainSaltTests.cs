using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Format;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// The sets of a chain share one passphrase salt (IRecipient.ContinueFrom), so reading the chain derives
/// one key; a new chain draws a new salt. Each backup runs with fresh recipients, as separate runs do.
/// </summary>
public class ChainSaltTests
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

    private static string PassphraseSalt(string archive)
    {
        using var file = File.OpenRead(archive);
        var stanza = Assert.Single(ArchiveReader.ReadHeader(file).Stanzas, s => s.Type == "passphrase");
        return Convert.ToHexString(stanza.Body.AsSpan(10, 16));
    }
}
