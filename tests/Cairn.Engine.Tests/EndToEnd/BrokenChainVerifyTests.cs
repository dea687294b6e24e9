using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>Incrementals whose full set is gone are what <c>verify</c> reports, even when nothing else is left.</summary>
public class BrokenChainVerifyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Verify_reports_incrementals_whose_full_set_is_gone_instead_of_saying_there_is_no_backup()
    {
        using var target = new TestTarget("cairn-verify-broken-chain");
        var file = Path.Combine(target.SourceDirectory, "file.txt");
        for (var day = 0; day < 3; day++)
        {
            File.WriteAllText(file, $"night {day}");
            await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0.AddDays(day) }, null, CancellationToken.None);
        }

        Directory.Delete(Assert.Single(Directory.GetDirectories(target.StoreDirectory, "full-*")), recursive: true);

        var verified = await VerifyJob.RunAsync(target.Context(), new VerifyOptions(), null, CancellationToken.None);
        Assert.False(verified.IsOk);
        Assert.Equal(2, verified.Problems.Count(p => p.Contains("its chain is broken", StringComparison.Ordinal)));
    }
}
