using Cairn.Format;

namespace Cairn.Engine.Backup;

/// <summary>
/// Wraps a throwaway key for each recipient on a thread of its own as soon as a backup knows it starts a new
/// chain. A passphrase recipient derives its key (Argon2id, about 0.25 s at the default cost) once per
/// instance, at its first wrap; without this that is the first volume's header, and the frames compressed
/// meanwhile cannot be sealed before it (their associated data holds the header's digest): the compressing
/// core waited, idle, for most of the derivation. Started here, the derivation runs beside taking the lock,
/// reading the cache and the first files.
/// </summary>
/// <remarks>
/// Only an optimisation: the stanza is dropped, and so is any error (the first volume's wrap meets it
/// again). An incremental does not need this: continuing the chain starts its own derivation, with the
/// chain's salt, as soon as it reads the previous header (<c>IRecipient.ContinueFrom</c>).
/// </remarks>
internal static class RecipientWarmUp
{
    /// <summary>The encryptions whose warm-up has started: a second start would only wait for the first.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ArchiveEncryption, object> Started = [];

    /// <summary>Starts the warm-up, if <paramref name="encryption"/> has recipients and it has not started yet.</summary>
    public static void Start(ArchiveEncryption? encryption)
    {
        if (encryption is not { Recipients: { Count: > 0 } recipients } || !Started.TryAdd(encryption, Started))
        {
            return;
        }

        // A thread of its own, as for the header itself: the backup's pool threads soon block on work of their own.
        new Thread(() =>
        {
            var throwaway = new byte[32];
            foreach (var recipient in recipients)
            {
                try
                {
                    _ = recipient.Wrap(throwaway);
                }
#pragma warning disable CA1031 // Whatever goes wrong here, the first volume's header meets again.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        })
        { IsBackground = true, Name = "cairn-key-warm-up" }.Start();
    }
}
