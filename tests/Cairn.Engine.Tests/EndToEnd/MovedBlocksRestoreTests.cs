using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A changed file whose delta reads more of its snapshot back than a restore keeps in memory (16 MiB) is
/// rebuilt from a scratch copy of the snapshot instead; the other paths are covered by the chain round trip.
/// </summary>
public class MovedBlocksRestoreTests
{
    [Fact]
    public async Task A_file_whose_halves_swap_restores_through_a_scratch_copy_of_its_snapshot()
    {
        using var target = new TestTarget("cairn-moved");
        var file = Path.Combine(target.SourceDirectory, "image.bin");
        var start = DateTimeOffset.UtcNow;
        TestFiles.WriteRandom(file, 11, 34 << 20);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = start }, null, CancellationToken.None);
        var before = File.ReadAllBytes(file);
        byte[] swapped = [.. before.AsSpan(before.Length / 2), .. before.AsSpan(0, before.Length / 2)];
        File.WriteAllBytes(file, swapped);
        var incremental = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = start.AddMinutes(1) }, null, CancellationToken.None);
        Assert.True(incremental.Summary.BytesStored < 1 << 20, $"the swap was stored as {incremental.Summary.BytesStored} bytes, not as a delta");

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);

        Assert.Equal(swapped, File.ReadAllBytes(Path.Combine(restored, "image.bin")));
    }
}
