using System.Diagnostics;
using System.Text.Json;
using Cairn.Contracts.Backends;
using Cairn.Engine.Caching;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.Crash;

/// <summary>
/// Kills a real <c>dist/cairn backup</c> with SIGKILL at many points and checks, after each kill, that no
/// set on the target claims to be complete without being so, that the next backup succeeds on its own,
/// and at the end that every completed backup restores bit for bit.
/// </summary>
public class KillDuringBackupTests(ITestOutputHelper output)
{
    private const int KillPoints = 22;

    [Fact]
    public async Task Kill_9_at_many_points_never_leaves_a_set_that_claims_to_be_complete()
    {
        using var target = new TestTarget("cairn-kill");
        var src = target.SourceDirectory;
        for (var i = 0; i < 24; i++)
        {
            TestFiles.WriteRandom(Path.Combine(src, $"d{i % 4}/f{i:D2}.bin"), i, 300_000 + (i * 7_919));
        }

        TestFiles.WriteRandom(Path.Combine(src, "big.bin"), 99, 6 << 20);
        var profile = Path.Combine(target.Temp.Path, "profile.yaml");
        File.WriteAllText(profile, $"""
            name: crash-test
            source: {src}
            target:
              url: {target.StoreDirectory}
            compression:
              provider: zstd
            encryption:
              provider: aes-256-gcm
              recipients:
                - type: passphrase
                  env: CAIRN_PASSPHRASE
                  argon2-memory-kib: 1024
                  argon2-iterations: 1
            volume-size: 1MiB
            """);
        var cacheRoot = Path.Combine(target.Temp.Path, "cli-cache");
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] backup = ["backup", "--profile", profile, "--cache-dir", cacheRoot, "--json"];
        var completed = new List<(string Set, IReadOnlyList<string> Tree)>();

        async Task<string> BackupOk()
        {
            var (code, stdout, stderr) = await CairnProcess.RunAsync(backup, environment);
            Assert.True(code == 0, $"backup failed with exit code {code}: {stderr}");
            var set = JsonDocument.Parse(stdout).RootElement.GetProperty("set").GetString()!;
            completed.Add((set, TreeSnapshot.Capture(src)));
            return set;
        }

        var clock = Stopwatch.StartNew();
        await BackupOk();
        Mutate(src, 0);
        clock.Restart();
        await BackupOk();
        var duration = clock.Elapsed;
        output.WriteLine($"an incremental backup takes {duration.TotalMilliseconds:0} ms");

        var killed = 0;
        var interruptedUploads = 0;
        static int InterruptedUploads(string cleanupOutput) =>
            cleanupOutput.Split('\n').Count(line => line.Contains("(interrupted upload", StringComparison.Ordinal));
        var partialShapes = new HashSet<string>();
        for (var point = 0; point < KillPoints; point++)
        {
            Mutate(src, point + 1);
            TestFiles.WriteRandom(Path.Combine(src, $"new/n{point}.bin"), 1000 + point, 3 << 20);

            // Kill points by stage: right after start, then once the new set folder holds 1, 2, ... objects
            // (temporary upload names included), so kills land before, between and during uploads.
            var stage = point % 7;
            var before = Directory.GetDirectories(target.StoreDirectory).ToHashSet();
            using (var process = CairnProcess.Start(backup, environment))
            {
                process.StandardInput.Close();
                var deadline = Stopwatch.StartNew();
                while (!process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
                {
                    var objects = Directory.GetDirectories(target.StoreDirectory).Where(d => !before.Contains(d)).Sum(d => Directory.GetFiles(d).Length);
                    if ((stage == 0 && deadline.ElapsedMilliseconds > 150) || (stage > 0 && objects >= stage))
                    {
                        break;
                    }

                    Thread.Sleep(5);
                }

                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit();
                    killed++;
                }
            }

            // A stage is what the kill left: the objects the partial set holds, and the uploads it cut off. Objects
            // alone say less since the volume, the signatures and the catalogue are written in place side by side
            // (one backup's last ones are committed together), and gave as few as 3 shapes in 22 kills.
            var partial = await CheckInvariantAsync(target);
            var cutOff = Directory.GetDirectories(target.StoreDirectory).Where(d => !before.Contains(d))
                .Sum(d => Directory.GetFiles(d, BackendNames.PartialUploadPrefix + "*").Length);
            partialShapes.Add($"{partial}+{cutOff}");

            // The next backup removes the dead process's lock, and once its own set is complete, what the kill left: the
            // partial set and its cut-off uploads. Only a set killed between its catalogue and its manifest stays, as a
            // set whose manifest was lost would (InterruptedWork).
            var (code, stdout, stderr) = await CairnProcess.RunAsync(backup, environment);
            Assert.True(code == 0, $"after a kill, backup exited {code}: {stderr}");
            var result = JsonDocument.Parse(stdout).RootElement;
            completed.Add((result.GetProperty("set").GetString()!, TreeSnapshot.Capture(src)));
            interruptedUploads += result.GetProperty("removed").EnumerateArray()
                .Count(item => item.GetProperty("reason").GetString()!.StartsWith("interrupted upload", StringComparison.Ordinal));
            var index = await TargetInspection.LoadIndexAsync(target.Context(cacheDirectory: target.NewDirectory("after-" + point)), CancellationToken.None);
            Assert.All(index.PartialSets, set => Assert.Contains(set.Objects, o => o.Name == TargetLayout.ObjectName(set.Name, TargetLayout.CatalogueFile)));
            await CheckInvariantAsync(target);
        }

        // Kills during uploads leave hidden temporary files, which no listing shows: the next backup, or cleanup --force,
        // finds and removes them.
        var finalCleanup = await CairnProcess.RunAsync(["cleanup", "--force", "--profile", profile, "--cache-dir", cacheRoot], environment);
        Assert.True(finalCleanup.ExitCode == 0, $"cleanup failed: {finalCleanup.Error}");
        interruptedUploads += InterruptedUploads(finalCleanup.Output);
        Assert.Empty(Directory.GetFiles(target.StoreDirectory, BackendNames.PartialUploadPrefix + "*", SearchOption.AllDirectories));

        output.WriteLine($"killed {killed} backups; partial sets left with {string.Join(", ", partialShapes.Order(StringComparer.Ordinal))} objects+cut-off uploads; "
            + $"the next backups and cleanup removed {interruptedUploads} interrupted upload(s)");
        Assert.True(killed >= 20, $"only {killed} of {KillPoints} backups were still running when killed");
        Assert.True(partialShapes.Count >= 4, "the kills should land at different stages of a backup");

        // Every completed backup restores bit for bit.
        var context = target.Context(cacheDirectory: target.NewDirectory("verify-cache"));
        foreach (var (set, tree) in completed)
        {
            Assert.True(SetName.TryParse(set, out var name));
            var restored = target.NewDirectory("restore-" + set);
            var result = await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored, Time = name.Time }, null, CancellationToken.None);
            Assert.Equal(set, result.Set.ToString());
            TreeSnapshot.AssertEqual(tree, TreeSnapshot.Capture(restored), $"restore of {set}");
        }
    }

    private static void Mutate(string src, int step)
    {
        var random = new Random(step);
        var file = Path.Combine(src, $"d{step % 4}/f{step % 24:D2}.bin");
        if (File.Exists(file))
        {
            using var stream = File.OpenWrite(file);
            stream.Position = random.Next(0, 200_000);
            stream.Write(TestFiles.Random(step + 500, 5_000));
        }

        using (var big = File.OpenWrite(Path.Combine(src, "big.bin")))
        {
            big.Position = random.Next(0, 6 << 20);
            big.Write(TestFiles.Random(step + 700, 3_000));
        }

        if (step % 3 == 2)
        {
            File.Delete(Path.Combine(src, $"d{(step + 1) % 4}/f{(step + 5) % 24:D2}.bin"));
        }
    }

    /// <summary>Every set with a manifest has every object the manifest names, at the recorded size; returns the number of objects in partial sets.</summary>
    private static async Task<int> CheckInvariantAsync(TestTarget target)
    {
        var context = target.Context(cacheDirectory: target.NewDirectory("check-" + Guid.NewGuid().ToString("N")));
        var cache = new LocalCache(context.CacheDirectory);
        var index = await cache.LoadIndexAsync(context, CancellationToken.None);
        foreach (var set in index.Sets.Where(s => s.IsComplete))
        {
            var manifest = set.Manifest!;
            foreach (var stored in manifest.Volumes.Append(manifest.Signatures).Append(manifest.Catalogue))
            {
                var info = set.Objects.SingleOrDefault(o => o.Name == TargetLayout.ObjectName(set.Name, stored.Name));
                Assert.True(info is not null && info.Size == stored.Size, $"{set.Name} claims {stored.Name} ({stored.Size} bytes) but the target has {info?.Size.ToString() ?? "nothing"}");
            }
        }

        Assert.Empty(index.OrphanSets);
        return index.PartialSets.Sum(s => s.Objects.Count);
    }
}
