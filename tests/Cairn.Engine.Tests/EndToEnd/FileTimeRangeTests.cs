using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// The archive records a time as signed 64-bit nanoseconds since the epoch (1677-09-21 to 2262-04-11). A time
/// at either end goes through a backup and a restore exactly; one beyond an end is recorded as that end, with
/// one warning naming the file, and never wraps into some other century.
/// </summary>
public sealed class FileTimeRangeTests : IDisposable
{
    private const string Latest = "2262-04-11 23:47:16.854775807";
    private const string Earliest = "1677-09-21 00:12:43.145224192";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    // tmpfs holds any 64-bit seconds; ext4 stops at 1901 and 2446, and would change the times before Cairn sees them.
    private readonly TempDirectory _tmpfs = new("cairn-times-", "/dev/shm");

    public void Dispose() => _tmpfs.Dispose();

    [Fact]
    public async Task Times_at_the_ends_restore_exactly_and_times_beyond_are_clamped_with_one_warning_each()
    {
        string source = Directory.CreateDirectory(_tmpfs["source"]).FullName;
        var times = new Dictionary<string, (string Set, string Restored)>
        {
            ["at-latest"] = (Latest, Latest),
            ["past-latest-by-1ns"] = ("2262-04-11 23:47:16.854775808", Latest),
            ["year-2300"] = ("2300-01-01 00:00:00.000000000", Latest),
            ["at-earliest"] = (Earliest, Earliest),
            ["before-earliest-by-1ns"] = ("1677-09-21 00:12:43.145224191", Earliest),
            ["year-1600"] = ("1600-01-01 00:00:00.000000000", Earliest),
        };
        foreach (var (name, (set, _)) in times)
        {
            Shell.Run($"echo {name} > {name}; touch -d '{set} UTC' {name}", source);
        }

        Assert.Equal(times.Values.Select(t => t.Set), times.Keys.Select(n => Mtime(source, n))); // the filesystem kept them

        using var target = new TestTarget();
        var backup = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source, Time = T0 }, null, CancellationToken.None);

        string[] beyond = ["past-latest-by-1ns", "year-2300", "before-earliest-by-1ns", "year-1600"];
        Assert.Equal(beyond.Order(StringComparer.Ordinal), backup.Warnings.Select(w => w.Split(':')[0].Trim()).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(backup.Warnings, w => Assert.Contains("mtime", w, StringComparison.Ordinal));
        Assert.Contains(backup.Warnings, w => w.Contains("mtime 2300-01-01T00:00:00Z", StringComparison.Ordinal));

        string restored = Directory.CreateDirectory(_tmpfs["restored"]).FullName;
        var restore = await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Empty(restore.Warnings);
        Assert.Equal(times.Values.Select(t => t.Restored), times.Keys.Select(n => Mtime(restored, n)));
        Assert.All(times.Keys, n => Assert.Equal(n + "\n", File.ReadAllText(Path.Combine(restored, n))));
    }

    /// <summary>The modification time as the kernel reports it, in UTC, read by <c>stat</c> rather than by Cairn.</summary>
    private static string Mtime(string directory, string name) =>
        Shell.Run($"TZ=UTC stat -c '%y' {name}", directory).Trim().Replace(" +0000", string.Empty, StringComparison.Ordinal);
}
