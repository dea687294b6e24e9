using Cairn.Engine.Caching;
using Cairn.Engine.Repository;
using Cairn.Format;

namespace Cairn.Engine.Restore;

/// <summary>
/// Opens the header of the newest cached set's first volume on the thread pool, while a restore lists the
/// target and reads its catalogue: the key derivation a passphrase needs (Argon2id, about 0.25 s at the
/// default cost) then runs beside that work instead of after it. The sets of a chain share their passphrase
/// salt (<c>IRecipient.ContinueFrom</c>) and the identity keeps the key it derived, so the restore's own
/// opening of any volume of that chain finds it ready.
/// </summary>
/// <remarks>
/// Only an optimisation: any failure here is dropped, and the restore meets a real one itself. Restoring
/// an older chain made with another salt derives twice, at worst.
/// </remarks>
internal static class KeyWarmUp
{
    /// <summary>
    /// What is fetched for the header: a header with a passphrase or a dozen public-key stanzas fits; a larger
    /// one is not warmed up. Every byte counts toward what a single-file restore reads from the target.
    /// </summary>
    private const int HeaderWindow = 16 << 10;

    /// <summary>Starts the warm-up; the task never fails.</summary>
    public static Task Start(EngineContext context, LocalCache cache, CancellationToken cancellationToken)
    {
        // Resolved here, on the caller's thread: resolving them may prompt for a passphrase, and the restore
        // would resolve them at its first volume anyway.
        var identities = context.GetIdentities();
        if (identities.Count == 0 || cache.NewestCachedManifest() is not { Volumes: [var first, ..] } manifest)
        {
            return Task.CompletedTask;
        }

        var volume = TargetLayout.ObjectName(manifest.Name, first.Name);
        return Task.Run(async () =>
        {
            try
            {
                var stream = await context.Backend.OpenReadAsync(volume, 0, Math.Min(first.Size, HeaderWindow), cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    ArchiveReader.Opens(ArchiveReader.ReadHeader(stream), context.Algorithms, identities);
                }
            }
#pragma warning disable CA1031 // Whatever goes wrong here, the restore finds out on its own.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }, CancellationToken.None);
    }
}
