using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd;

public class IncrementalSizeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Editing_one_percent_of_a_tree_stores_little()
    {
        using var target = new TestTarget("cairn-inc");
        var src = target.SourceDirectory;
        const long bigSize = 64L << 20;
        TestFiles.WriteRandom(Path.Combine(src, "big.bin"), 7, bigSize);
        for (var i = 0; i < 600; i++)
        {
            TestFiles.Write(Path.Combine(src, $"small/{i / 50:D2}/f{i:D4}"), TestFiles.Random(1000 + i, 4096));
        }

        var context = target.Context(volumeSize: 32L << 20);
        var full = await BackupJob.RunAsync(context, new BackupOptions { Source = src }, null, CancellationToken.None);
        var treeBytes = full.Summary.SourceBytes;

        // About 1% of the tree: a 4 KiB insertion in the middle of the big file, 64 KiB overwritten in it, 120 small files rewritten.
        var big = Path.Combine(src, "big.bin");
        var tail = Path.Combine(target.Temp.Path, "tail");
        using (var file = new FileStream(big, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = bigSize / 2;
            using (var rest = File.Create(tail))
            {
                file.CopyTo(rest);
            }

            file.Position = bigSize / 2;
            file.Write(TestFiles.Random(8, 4096));
            using (var rest = File.OpenRead(tail))
            {
                rest.CopyTo(file);
            }

            file.Position = bigSize / 4;
            file.Write(TestFiles.Random(9, 64 * 1024));
        }

        for (var i = 0; i < 600; i += 5)
        {
            TestFiles.Write(Path.Combine(src, $"small/{i / 50:D2}/f{i:D4}"), TestFiles.Random(5000 + i, 4096));
        }

        var expectedTree = TreeSnapshot.Capture(src);
        var inc = await BackupJob.RunAsync(context, new BackupOptions { Source = src, Time = DateTimeOffset.UtcNow.AddMinutes(1) }, null, CancellationToken.None);
        var s = inc.Summary;
        output.WriteLine($"tree {treeBytes} bytes; incremental stored {s.BytesStored} bytes (changed {s.ChangedFiles}, unchanged {s.UnchangedFiles}); volumes {inc.Manifest!.Volumes.Sum(v => v.Size)}, signatures {inc.Manifest.Signatures.Size}, catalogue {inc.Manifest.Catalogue.Size}");
        Assert.Equal(121, s.ChangedFiles);
        Assert.True(s.BytesStored < 1_000_000, $"the incremental stored {s.BytesStored} bytes for about {treeBytes / 100} bytes of edits");

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(context, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(expectedTree, TreeSnapshot.Capture(restored), "restore of the incremental");
    }
}
