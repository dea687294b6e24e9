using System.Text;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using CairnProcess = Cairn.Testing.CairnProcess;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary><c>cairn diff</c>: what changed between two backups, from their catalogues.</summary>
public class BackupDiffTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

    private static async Task Backup(TestTarget target, int day, bool full = false) =>
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = Day1.AddDays(day), ForceFull = full }, null, CancellationToken.None);

    [Fact]
    public async Task Additions_removals_content_and_mode_changes_show_and_a_touch_does_not()
    {
        using var target = new TestTarget("cairn-diff");
        Shell.Run("mkdir d; echo one > a; echo two > b; echo same > touched; echo keep > d/kept", target.SourceDirectory);
        await Backup(target, 0);
        Shell.Run("echo more >> a; rm b; echo new > c; chmod 700 d; touch -d '2030-01-01' touched", target.SourceDirectory);
        await Backup(target, 1);
        await Backup(target, 2, full: true); // a new chain with nothing changed: compared across chains

        var (from, to, changes) = await BackupDiff.OpenAsync(target.Context(), TargetInspection.LoadIndexAsync(target.Context(), CancellationToken.None), Day1.AddDays(0), Day1.AddDays(1), CancellationToken.None);
        Assert.Equal((SetKind.Full, SetKind.Incremental), (from.Name.Kind, to.Name.Kind));
        Assert.Equal(
            [("a", PathChangeKind.Changed), ("b", PathChangeKind.Removed), ("c", PathChangeKind.Added), ("d", PathChangeKind.Metadata)],
            changes.Select(c => (Encoding.UTF8.GetString(c.Path), c.Kind)));

        var (before, newest, none) = await BackupDiff.OpenAsync(target.Context(), TargetInspection.LoadIndexAsync(target.Context(), CancellationToken.None), null, Engine.Time.TimeSpecification.Newest, CancellationToken.None);
        Assert.Equal((Day1.AddDays(1), Day1.AddDays(2)), (before.Name.Time, newest.Name.Time));
        Assert.Empty(none);
    }

    [Fact]
    public async Task The_command_prints_a_line_a_path_and_refuses_a_lone_backup()
    {
        using var target = new TestTarget("cairn-diff-cli");
        Shell.Run("echo one > a; echo two > b", target.SourceDirectory);
        await Backup(target, 0);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        var lone = await CairnProcess.RunAsync(["diff", .. where], environment);
        Assert.Equal(1, lone.ExitCode);
        Assert.Equal("cairn: full-20260401T020000Z is the first backup on the target: there is no earlier one to compare it with.", lone.Error.Trim());

        Shell.Run("echo three >> a; rm b; echo new > c", target.SourceDirectory);
        await Backup(target, 1);
        var diff = await CairnProcess.RunAsync(["diff", .. where], environment);
        Assert.True(diff.ExitCode == 0, diff.Error);
        Assert.Equal(
            [
                "From full-20260401T020000Z (2026-04-01 02:00:00Z) to inc-20260402T020000Z (2026-04-02 02:00:00Z):",
                "M a  (4 B -> 10 B)",
                "- b",
                "+ c  (4 B)",
                "1 added, 1 removed, 1 changed, 0 with other mode or owner only",
            ],
            diff.Output.TrimEnd().Split('\n'));
    }
}
