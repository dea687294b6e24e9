using Cairn.Contracts.Recipients;
using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A restore starts opening the newest cached set's key (Argon2id for a passphrase) before it lists the
/// target, so the derivation overlaps the listing and the catalogue instead of following them.
/// </summary>
public class RestoreKeyWarmUpTests
{
    [Fact]
    public async Task The_passphrase_key_is_opened_while_the_target_is_still_being_listed()
    {
        using var target = new TestTarget("cairn-warm-up");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "file"), TestFiles.Random(5, 20_000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        // The listing waits until an identity has been asked to open a stanza: without the warm-up nothing
        // asks before the listing ends, and the restore times out.
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        target.Backend.BeforeListing = ct => asked.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var context = target.Context();
        var identities = context.Identities().Select(i => (IIdentity)new SignallingIdentity(i, asked)).ToList();
        var restored = target.NewDirectory("restored");

        await RestoreJob.RunAsync(context with { Identities = () => identities }, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(Path.Combine(target.SourceDirectory, "file")), File.ReadAllBytes(Path.Combine(restored, "file")));
    }

    [Fact]
    public async Task A_missing_volume_leaves_the_warm_up_silent_and_the_restore_reports_it()
    {
        using var target = new TestTarget("cairn-warm-up-missing");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "file"), TestFiles.Random(6, 20_000));
        var backup = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var volume = Directory.GetFiles(Path.Combine(target.StoreDirectory, backup.Set.ToString()), "vol-*").Single();
        File.Delete(volume);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));

        Assert.Contains(Path.GetFileName(volume), error.Message, StringComparison.Ordinal);
    }

    private sealed class SignallingIdentity(IIdentity inner, TaskCompletionSource asked) : IIdentity
    {
        public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
        {
            asked.TrySetResult();
            return inner.TryUnwrap(stanza, archiveKey);
        }
    }
}
