using Cairn.Contracts.Recipients;
using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A full backup asks its recipients for their key (Argon2id for a passphrase) as it starts, so the
/// derivation runs while it takes the lock and lists the target rather than in front of the first volume.
/// </summary>
public class BackupKeyWarmUpTests
{
    [Fact]
    public async Task A_full_backup_derives_the_passphrase_key_while_the_target_is_still_being_listed()
    {
        using var target = new TestTarget("cairn-backup-warm-up");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "file"), TestFiles.Random(7, 20_000));

        // Listings wait until a recipient has been asked to wrap a key: without the warm-up the first wrap
        // comes with the first volume, after the lock and the target's listing, and the backup times out.
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        target.Backend.BeforeListing = ct => asked.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var context = target.Context();
        var encryption = context.Encryption!;
        var recipients = encryption.Recipients.Select(r => (IRecipient)new SignallingRecipient(r, asked)).ToList();

        await BackupJob.RunAsync(context with { Encryption = encryption with { Recipients = recipients } },
            new BackupOptions { Source = target.SourceDirectory, ForceFull = true }, null, CancellationToken.None);

        target.Backend.BeforeListing = null;
        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(target.SourceDirectory, "file")), File.ReadAllBytes(Path.Combine(restored, "file")));
    }

    private sealed class SignallingRecipient(IRecipient inner, TaskCompletionSource asked) : IRecipient
    {
        public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey)
        {
            asked.TrySetResult();
            return inner.Wrap(archiveKey);
        }
    }
}
