using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A restore into a folder that already holds the files (putting one file back where it was, say) must not
/// replace a good file with a damaged one: stored data that fails its authentication part-way stops the
/// restore, and the file it was writing is discarded.
/// </summary>
public class DamagedDataRestoreTests
{
    [Theory]
    [InlineData("big.bin", 3 << 20)] // streamed by the restore's thread
    [InlineData("small.bin", 100_000)] // decoded whole, then handed to a writer thread
    public async Task A_file_whose_stored_data_is_damaged_leaves_what_had_its_name(string name, int length)
    {
        using var target = new TestTarget();
        TestFiles.WriteRandom(Path.Combine(target.SourceDirectory, name), 1, length);
        var backup = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = DateTimeOffset.UtcNow }, null, CancellationToken.None);

        // Flip one byte in the middle of the volume: inside the file's frames (random data is stored as is).
        var volume = Directory.GetFiles(Path.Combine(target.StoreDirectory, backup.Set.ToString()), "vol-*.cairn").Single();
        var bytes = File.ReadAllBytes(volume);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(volume, bytes);

        var restored = target.NewDirectory("restored");
        File.WriteAllText(Path.Combine(restored, name), "my own copy");
        await Assert.ThrowsAnyAsync<Exception>(() => RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None));
        Assert.Equal("my own copy", File.ReadAllText(Path.Combine(restored, name)));
        Assert.Equal([Path.Combine(restored, name)], Directory.GetFileSystemEntries(restored));
    }
}
