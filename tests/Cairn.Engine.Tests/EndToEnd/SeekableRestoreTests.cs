using System.Security.Cryptography;
using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd;

public class SeekableRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restoring_one_small_file_from_a_200_MB_chain_reads_under_2_MiB()
    {
        using var target = new TestTarget("cairn-seek");
        var src = target.SourceDirectory;
        for (var i = 0; i < 100; i++)
        {
            TestFiles.WriteRandom(Path.Combine(src, $"data/{i % 7}/blob{i:D3}.bin"), i, 2 << 20);
        }

        TestFiles.Write(Path.Combine(src, "data/3/wanted.txt"), TestFiles.Random(999, 30_000));
        var context = target.Context(volumeSize: 64L << 20);
        var full = await BackupJob.RunAsync(context, new BackupOptions { Source = src }, null, CancellationToken.None);
        Assert.True(full.Manifest!.Volumes.Sum(v => v.Size) > 200_000_000, "the full set should hold about 200 MB");

        // An incremental changes the wanted file, so the restore walks back to the full set's snapshot and applies a delta.
        var changed = File.ReadAllBytes(Path.Combine(src, "data/3/wanted.txt"));
        changed[15_000] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(src, "data/3/wanted.txt"), changed);
        await BackupJob.RunAsync(context, new BackupOptions { Source = src, Time = DateTimeOffset.UtcNow.AddMinutes(1) }, null, CancellationToken.None);

        target.Backend.Reset();
        var restored = target.NewDirectory("restored");
        var coldCache = target.NewDirectory("cold-cache");
        var result = await RestoreJob.RunAsync(target.Context(cacheDirectory: coldCache), new RestoreRequest { TargetDirectory = restored, Paths = ["data/3/wanted.txt"] }, null, CancellationToken.None);

        output.WriteLine($"single-file restore read {target.Backend.BytesRead} bytes in {target.Backend.Reads} requests (data {result.BytesFetched})");
        Assert.Equal(SHA256.HashData(changed), SHA256.HashData(File.ReadAllBytes(Path.Combine(restored, "data/3/wanted.txt"))));
        Assert.False(File.Exists(Path.Combine(restored, "data/3/blob003.bin")));
        Assert.True(target.Backend.BytesRead < 2 << 20, $"restoring one 30 KB file read {target.Backend.BytesRead} bytes from the target");
    }
}
