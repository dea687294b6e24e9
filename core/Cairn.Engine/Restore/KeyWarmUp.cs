using Cairn.Engine.Caching;
using Cairn.Engine.Repository;
using Cairn.Format;

namespace Cairn.Engine.Restore;

/// <summary>
/// Opens a header of the newest cached set on the thread pool, while a restore lists the target and reads its
/// catalogue: the key derivation a passphrase needs (Argon2id, about 0.1-0.25 s at the default cost) then runs
/// beside that work instead of after it. The sets of a chain share their passphrase salt
/// (<c>IRecipient.ContinueFrom</c>) and the identity keeps the key it derived, so the restore's own opening of
/// any volume of that chain finds it ready.
/// </summary>
/// <remarks>
/// <para>
/// The header is the one the cache kept for the set (<see cref="LocalCache.KeptKeyHeader"/>), so the derivation
/// starts at once, before any manifest is parsed or the target is asked for anything: on a single-file restore
/// the derivation is the longest thing that must finish before the data can be read. A cache without one reads
/// the header of the set's first volume from the target, and keeps it when it opens.
/// </para>
/// <para>
/// Only an optimisation: any failure here is dropped, and the restore meets a real one itself. Restoring an
/// older chain made with another salt derives twice, at worst.
/// </para>
/// </remarks>
internal static class KeyWarmUp
{
    /// <summary>
    /// What is fetched for a header from the target: a header with a passphrase or a dozen public-key stanzas
    /// fits; a larger one is not warmed up. Every byte counts toward what a single-file restore reads from the target.
    /// </summary>
    private const int HeaderWindow = 16 << 10;

    /// <summary>Starts the warm-up; the task never fails.</summary>
    public static Task Start(EngineContext context, LocalCache cache, CancellationToken cancellationToken)
    {
        // Resolved here, on the caller's thread: resolving them may prompt for a passphrase, and the restore
        // would resolve them at its first volume anyway.
        var identities = context.GetIdentities();
        if (identities.Count == 0 || cache.NewestCachedSet() is not { } set)
        {
            return Task.CompletedTask;
        }

        var kept = cache.KeptKeyHeader(set);
        return Task.Run(async () =>
        {
            try
            {
                var header = kept ?? await ReadFirstVolumeHeaderAsync(context, cache, set, cancellationToken).ConfigureAwait(false);
                if (header is not null && ArchiveReader.Opens(header, context.Algorithms, identities) && kept is null)
                {
                    cache.KeepKeyHeader(set, header);
                }
            }
#pragma warning disable CA1031 // Whatever goes wrong here, the restore finds out on its own.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }, CancellationToken.None);
    }

    private static async Task<ArchiveHeader?> ReadFirstVolumeHeaderAsync(EngineContext context, LocalCache cache, SetName set, CancellationToken cancellationToken)
    {
        if (cache.CachedManifest(set) is not { Volumes: [var first, ..] } manifest)
        {
            return null;
        }

        var stream = await context.Backend.OpenReadAsync(TargetLayout.ObjectName(manifest.Name, first.Name), 0, Math.Min(first.Size, HeaderWindow), cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return ArchiveReader.ReadHeader(stream);
        }
    }
}
