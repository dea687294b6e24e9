using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>cairn history</c>: the versions of one path across every backup of every chain, each with the range of backups
/// that restore it, read from the catalogues.
/// </summary>
public class PathHistoryTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Versions_are_runs_of_backups_with_the_same_content_across_chains_and_gaps()
    {
        using var target = new TestTarget("cairn-history");
        var file = Path.Combine(target.SourceDirectory, "notes.txt");
        async Task Backup(int day, bool full = false) =>
            await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = Day1.AddDays(day), ForceFull = full }, null, CancellationToken.None);

        File.WriteAllText(file, "first");
        await Backup(0);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(1)); // touched, same content: the same version
        await Backup(1);
        File.WriteAllText(file, "second");
        await Backup(2);
        File.Delete(file);
        await Backup(3);
        await Backup(4);
        File.WriteAllText(file, "first"); // back as it was, in a new chain: a version of its own in time
        await Backup(5, full: true);

        var versions = await PathHistory.ReadAsync(target.Context(), TargetInspection.LoadIndexAsync(target.Context(), CancellationToken.None), "notes.txt", CancellationToken.None);

        Assert.Equal(
            [(0, 1, 2, "first"), (2, 2, 1, "second"), (3, 4, 2, null), (5, 5, 1, "first")],
            versions.Select(v => ((v.First.Name.Time - Day1).Days, (v.Last.Name.Time - Day1).Days, v.Backups, v.Record is null ? null : Sha(v.Record.Metadata.ContentHash!))));
        Assert.Equal(SetKind.Full, versions[^1].First.Name.Kind);

        var never = await PathHistory.ReadAsync(target.Context(), TargetInspection.LoadIndexAsync(target.Context(), CancellationToken.None), "missing.txt", CancellationToken.None);
        Assert.Empty(never);
    }

    [Fact]
    public async Task The_command_prints_each_version_with_its_times_and_refuses_a_path_no_backup_held()
    {
        using var target = new TestTarget("cairn-history-cli");
        var file = Path.Combine(target.SourceDirectory, "notes.txt");
        File.WriteAllText(file, "first");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = Day1 }, null, CancellationToken.None);
        File.WriteAllText(file, "second!");
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = Day1.AddDays(1) }, null, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        var history = await CairnProcess.RunAsync(["history", "notes.txt", .. where], environment);
        Assert.True(history.ExitCode == 0, history.Error);
        var lines = history.Output.TrimEnd().Split('\n');
        Assert.Equal("notes.txt: 2 versions in 2 backups; restore one with --time and a time in its range", lines[0]);
        Assert.StartsWith("  2026-03-01 02:00:00Z .. 2026-03-01 02:00:00Z  (1 backup)    file, 5 bytes, modified ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($"sha256 {Sha("first")[..12]}", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  2026-03-02 02:00:00Z .. 2026-03-02 02:00:00Z  (1 backup)    file, 7 bytes,", lines[2], StringComparison.Ordinal);

        var missing = await CairnProcess.RunAsync(["history", "nope.txt", .. where], environment);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("cairn: 'nope.txt' is in none of the target's backups.", missing.Error.Trim());
    }

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static string Sha(byte[] hash) => Convert.ToHexStringLower(hash) switch
    {
        var h when h == Sha("first") => "first",
        var h when h == Sha("second") => "second",
        var h => h,
    };
}
