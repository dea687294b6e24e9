using System.Diagnostics;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>
/// The life of a small tree on one remote target, through the CLI's way of opening a job: a full backup, an
/// edit (a change in the middle of a multi-frame file, a file added, one deleted), an incremental, then
/// single-file restores at the latest and the first time and a whole restore, from a second job with a cold
/// cache so that everything is read back from the server.
/// </summary>
public static class RemoteRoundTrip
{
    private static readonly DateTimeOffset First = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddHours(1);

    public static async Task RunAsync(string backend, Uri url, IReadOnlyDictionary<string, string> options, ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        using var temp = new TempDirectory("cairn-remote-" + backend);
        var source = Path.Combine(temp.Path, "source");
        var multi = Path.Combine(source, "data/multi.bin");
        TestFiles.WriteRandom(multi, 1, (3 << 20) + 12_345); // four 1 MiB frames
        TestFiles.Write(Path.Combine(source, "notes.txt"), "remember the milk\n"u8.ToArray());
        TestFiles.Write(Path.Combine(source, "data/small.bin"), TestFiles.Random(2, 5_000));
        TestFiles.Write(Path.Combine(source, "docs/old.txt"), TestFiles.Random(3, 3_000));
        File.CreateSymbolicLink(Path.Combine(source, "latest"), "data/multi.bin");
        var firstMulti = File.ReadAllBytes(multi);
        var firstOld = File.ReadAllBytes(Path.Combine(source, "docs/old.txt"));

        BackupResult full, inc;
        await using (var job = ProfileJob.Open(Path.Combine(temp.Path, "writer"), backend, url, options))
        {
            full = await BackupJob.RunAsync(job.Context, new BackupOptions { Source = source, Time = First }, null, CancellationToken.None);
            Assert.Equal(SetKind.Full, full.Set.Kind);

            using (var file = File.OpenWrite(multi))
            {
                file.Position = 1_600_000; // inside the second frame
                file.Write(TestFiles.Random(4, 4096));
            }

            TestFiles.Write(Path.Combine(source, "docs/new.txt"), TestFiles.Random(5, 2_000));
            File.Delete(Path.Combine(source, "docs/old.txt"));
            inc = await BackupJob.RunAsync(job.Context, new BackupOptions { Source = source, Time = Second }, null, CancellationToken.None);
        }

        Assert.Equal(SetKind.Incremental, inc.Set.Kind);
        Assert.Equal((1, 1, 1), (inc.Summary.NewFiles, inc.Summary.ChangedFiles, inc.Summary.DeletedFiles));
        var secondTree = TreeSnapshot.Capture(source);
        var secondMulti = File.ReadAllBytes(multi);

        // A second job with a cold cache: what follows reads only what the server holds.
        await using var reader = ProfileJob.Open(Path.Combine(temp.Path, "reader"), backend, url, options);
        var index = await TargetInspection.LoadIndexAsync(reader.Context, CancellationToken.None);
        var chain = Assert.Single(index.Chains);
        Assert.Equal([full.Set, inc.Set], chain.Sets.Select(s => s.Name));
        Assert.All(chain.Sets, s => Assert.True(s.IsComplete));
        Assert.Empty(index.PartialSets);
        Assert.Empty(index.StrayObjects);
        Assert.Empty(index.Locks);
        var (fullBytes, incBytes) = (chain.Sets[0].TotalBytes, chain.Sets[1].TotalBytes);
        output.WriteLine($"{backend}: full set {fullBytes} bytes, incremental {incBytes} bytes (stored {inc.Summary.BytesStored} of data)");
        Assert.True(incBytes * 4 < fullBytes, $"the incremental holds {incBytes} bytes, the full set {fullBytes}: not a delta");

        await AssertRestoresOneFileAsync(reader, temp, "data/multi.bin", DateTimeOffset.MaxValue, secondMulti);
        await AssertRestoresOneFileAsync(reader, temp, "data/multi.bin", First, firstMulti);
        await AssertRestoresOneFileAsync(reader, temp, "docs/old.txt", First, firstOld);

        var everything = Directory.CreateDirectory(Path.Combine(temp.Path, "restore-all")).FullName;
        var result = await RestoreJob.RunAsync(reader.Context, new RestoreRequest { TargetDirectory = everything }, null, CancellationToken.None);
        Assert.Equal(inc.Set, result.Set);
        TreeSnapshot.AssertEqual(secondTree, TreeSnapshot.Capture(everything), $"whole restore from {backend}");
        output.WriteLine($"{backend}: backup, incremental and four restores in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task AssertRestoresOneFileAsync(ProfileJob job, TempDirectory temp, string path, DateTimeOffset time, byte[] expected)
    {
        var into = Directory.CreateDirectory(temp.NewSubdirectory("restore-one")).FullName;
        await RestoreJob.RunAsync(job.Context, new RestoreRequest { TargetDirectory = into, Paths = [path], Time = time }, null, CancellationToken.None);
        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(into, path))), $"{path} at {time:O} restored with other bytes");
        Assert.Equal([Path.Combine(into, path)], Directory.GetFiles(into, "*", SearchOption.AllDirectories));
    }
}
