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
    public async Task The_derivation_starts_from_the_header_the_cache_kept_before_the_target_is_read()
    {
        using var target = new TestTarget("cairn-warm-up-kept");
        var set = await BackUpOneFileAsync(target, seed: 7);
        Assert.True(File.Exists(KeptHeader(target, set)), "the backup keeps its key header in the cache");

        var readsBeforeTheKey = await RestoreCountingReadsBeforeTheKeyAsync(target);

        Assert.Equal(0, readsBeforeTheKey);
    }

    [Fact]
    public async Task A_cache_without_a_kept_header_reads_the_first_volume_s_and_keeps_it()
    {
        using var target = new TestTarget("cairn-warm-up-unkept");
        var set = await BackUpOneFileAsync(target, seed: 8);
        var kept = KeptHeader(target, set);
        File.Delete(kept);

        var readsBeforeTheKey = await RestoreCountingReadsBeforeTheKeyAsync(target);

        Assert.Equal(1, readsBeforeTheKey);
        Assert.EndsWith("vol-000001.cairn", target.Backend.Opened[0], StringComparison.Ordinal);
        Assert.True(File.Exists(kept), "the header read from the target is kept for the next restore");
    }

    [Fact]
    public async Task A_kept_header_that_does_not_read_is_replaced_by_the_volume_s()
    {
        using var target = new TestTarget("cairn-warm-up-garbled");
        var set = await BackUpOneFileAsync(target, seed: 9);
        var kept = KeptHeader(target, set);
        File.WriteAllBytes(kept, "not a header"u8.ToArray());

        await RestoreCountingReadsBeforeTheKeyAsync(target);

        var header = File.ReadAllBytes(kept);
        var volume = File.ReadAllBytes(Path.Combine(target.StoreDirectory, set, "vol-000001.cairn"));
        Assert.True(header.Length > 64, $"a header of {header.Length} bytes was kept");
        Assert.Equal(volume[..header.Length], header);
    }

    [Fact]
    public async Task A_missing_volume_leaves_the_warm_up_silent_and_the_restore_reports_it()
    {
        using var target = new TestTarget("cairn-warm-up-missing");
        var set = await BackUpOneFileAsync(target, seed: 6);
        var volume = Directory.GetFiles(Path.Combine(target.StoreDirectory, set), "vol-*").Single();
        File.Delete(volume);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = target.NewDirectory("restored") }, null, CancellationToken.None));

        Assert.Contains(Path.GetFileName(volume), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Backs up one file of 20 kB; returns the set's name.</summary>
    private static async Task<string> BackUpOneFileAsync(TestTarget target, int seed)
    {
        TestFiles.Write(Path.Combine(target.SourceDirectory, "file"), TestFiles.Random(seed, 20_000));
        var backup = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        return backup.Set.ToString();
    }

    private static string KeptHeader(TestTarget target, string set) => Path.Combine(target.CacheDirectory, "sets", set, "key-header.bin");

    /// <summary>Restores everything, and returns how many target objects had been opened when an identity was first asked for the key.</summary>
    private static async Task<long> RestoreCountingReadsBeforeTheKeyAsync(TestTarget target)
    {
        target.Backend.Reset();
        long readsBeforeTheKey = -1;
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = target.Context();
        var identities = context.Identities()
            .Select(i => (IIdentity)new SignallingIdentity(i, asked, () => Interlocked.CompareExchange(ref readsBeforeTheKey, target.Backend.Reads, -1)))
            .ToList();
        var restored = target.NewDirectory("restored-" + Guid.NewGuid().ToString("N"));

        await RestoreJob.RunAsync(context with { Identities = () => identities }, new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(Path.Combine(target.SourceDirectory, "file")), File.ReadAllBytes(Path.Combine(restored, "file")));
        return readsBeforeTheKey >= 0 ? readsBeforeTheKey : throw new InvalidOperationException("no identity was asked for the key");
    }

    private sealed class SignallingIdentity(IIdentity inner, TaskCompletionSource asked, Action? whenAsked = null) : IIdentity
    {
        public bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
        {
            whenAsked?.Invoke();
            asked.TrySetResult();
            return inner.TryUnwrap(stanza, archiveKey);
        }
    }
}
