using Cairn.Contracts.Ciphers;
using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A volume whose bytes were altered on the target is named in what restore and verify report, so the user
/// of a long chain knows which object to fetch again or to trust no longer.
/// </summary>
public class DamagedVolumesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_frame_that_does_not_authenticate_is_reported_with_its_volume_named_once()
    {
        using var target = new TestTarget("cairn-damaged-volume");
        File.WriteAllBytes(Path.Combine(target.SourceDirectory, "data.bin"), TestFiles.Random(3, 300_000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory, Time = T0 }, null, CancellationToken.None);
        var set = Path.GetFileName(Assert.Single(Directory.GetDirectories(target.StoreDirectory, "full-*")));
        var volume = $"{set}/vol-000001.cairn";
        var file = Path.Combine(target.StoreDirectory, set, "vol-000001.cairn");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01; // inside the one data frame
        File.WriteAllBytes(file, bytes);

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));
        Assert.Contains($"{volume}: Frame 0 at offset", error.Message, StringComparison.Ordinal);

        var verified = await VerifyJob.RunAsync(target.Context(), new VerifyOptions(), null, CancellationToken.None);
        Assert.Contains($"{volume} does not match the SHA-256 its manifest records.", verified.Problems);
        Assert.Contains(verified.Problems, p => p.StartsWith($"data.bin: cannot be rebuilt ({volume}: Frame 0", StringComparison.Ordinal));
    }
}
