using Cairn.Engine.Backup;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

public class ChainRoundTripTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 3, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_point_of_a_chain_restores_bit_identical()
    {
        using var target = new TestTarget();
        var src = target.SourceDirectory;
        var context = target.Context(volumeSize: 1 << 20);
        var snapshots = new List<(DateTimeOffset Time, IReadOnlyList<string> Tree, BackupResult Result)>();

        async Task Backup(int step)
        {
            var time = T0.AddHours(step);
            var result = await BackupJob.RunAsync(context, new BackupOptions { Source = src, Time = time }, null, CancellationToken.None);
            snapshots.Add((time, TreeSnapshot.Capture(src), result));
        }

        // Step 0: a varied tree.
        TestFiles.Write(Path.Combine(src, "a/one.txt"), "hello, one\n"u8.ToArray());
        TestFiles.WriteRandom(Path.Combine(src, "a/big.bin"), 1, 3 << 20);
        TestFiles.WriteRandom(Path.Combine(src, "a/moved.bin"), 7, 1 << 20);
        TestFiles.WriteRandom(Path.Combine(src, "a/rewritten.bin"), 8, 5 << 20);
        TestFiles.Write(Path.Combine(src, "b/two.txt"), TestFiles.Random(2, 5000));
        TestFiles.Write(Path.Combine(src, "zero"), []);
        Directory.CreateDirectory(Path.Combine(src, "empty"));
        File.CreateSymbolicLink(Path.Combine(src, "link"), "a/one.txt");
        File.SetUnixFileMode(Path.Combine(src, "b/two.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        for (var i = 0; i < 40; i++)
        {
            TestFiles.Write(Path.Combine(src, $"many/f{i:D3}"), TestFiles.Random(100 + i, 100 + (i * 37)));
        }

        await Backup(0);
        Assert.Equal(SetKind.Full, snapshots[0].Result.Set.Kind);

        // Step 1: insert 4 KiB in the middle of the big file (restoring reads its snapshot front to back),
        // swap the halves of another (the patch reads half of it back, kept in memory), rewrite a third (a
        // delta past 4 MiB, fetched to a scratch file), append, delete, add, rename.
        var big = File.ReadAllBytes(Path.Combine(src, "a/big.bin"));
        File.WriteAllBytes(Path.Combine(src, "a/big.bin"), [.. big.AsSpan(0, big.Length / 2), .. TestFiles.Random(3, 4096), .. big.AsSpan(big.Length / 2)]);
        var moved = File.ReadAllBytes(Path.Combine(src, "a/moved.bin"));
        File.WriteAllBytes(Path.Combine(src, "a/moved.bin"), [.. moved.AsSpan(moved.Length / 2), .. moved.AsSpan(0, moved.Length / 2)]);
        TestFiles.WriteRandom(Path.Combine(src, "a/rewritten.bin"), 9, 5 << 20);
        File.AppendAllText(Path.Combine(src, "a/one.txt"), "more\n");
        File.Delete(Path.Combine(src, "b/two.txt"));
        TestFiles.Write(Path.Combine(src, "c/new.txt"), TestFiles.Random(4, 777));
        File.Move(Path.Combine(src, "many/f010"), Path.Combine(src, "many/renamed-f010"));
        await Backup(1);
        Assert.Equal(SetKind.Incremental, snapshots[1].Result.Set.Kind);
        var s1 = snapshots[1].Result.Summary;
        Assert.Equal(1, s1.DeletedFiles - 1); // b/two.txt and the old name of the renamed file
        Assert.True(s1.BytesStored < 600_000 + (5 << 20), $"the incremental stored {s1.BytesStored} bytes");

        // Step 2: overwrite bytes in place, change a mode, delete a whole directory, add files.
        using (var f = File.OpenWrite(Path.Combine(src, "a/big.bin")))
        {
            f.Position = 100_000;
            f.Write(TestFiles.Random(5, 10_000));
        }

        File.SetUnixFileMode(Path.Combine(src, "a/one.txt"), UnixFileMode.UserRead);
        Directory.Delete(Path.Combine(src, "c"), recursive: true);
        TestFiles.Write(Path.Combine(src, "d/e/f/deep.txt"), "deep"u8.ToArray());
        await Backup(2);

        // Step 3: nothing changed.
        await Backup(3);
        Assert.Equal(0, snapshots[3].Result.Summary.ChangedFiles + snapshots[3].Result.Summary.NewFiles);
        Assert.Equal(0, snapshots[3].Result.Summary.BytesRead);

        // Step 4: a file changes back and forth; the big file changes a third time.
        File.WriteAllText(Path.Combine(src, "zero"), "not empty any more");
        using (var f = File.OpenWrite(Path.Combine(src, "a/big.bin")))
        {
            f.Position = 2_000_000;
            f.Write(TestFiles.Random(6, 3_000));
        }

        await Backup(4);

        // Every point restores exactly, through a cold cache too.
        for (var i = 0; i < snapshots.Count; i++)
        {
            var restored = target.NewDirectory($"restore-{i}");
            var cold = i % 2 == 0 ? target.NewDirectory($"cold-cache-{i}") : null;
            var result = await RestoreJob.RunAsync(target.Context(cacheDirectory: cold), new RestoreRequest { TargetDirectory = restored, Time = snapshots[i].Time.AddMinutes(30) }, null, CancellationToken.None);
            Assert.Equal(snapshots[i].Result.Set, result.Set);
            TreeSnapshot.AssertEqual(snapshots[i].Tree, TreeSnapshot.Capture(restored), $"restore of step {i}");
        }
    }
}
