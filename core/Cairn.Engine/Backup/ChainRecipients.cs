using Cairn.Contracts.Recipients;
using Cairn.Engine.Repository;
using Cairn.Format;

namespace Cairn.Engine.Backup;

/// <summary>
/// Lets the recipients of an incremental carry on from the stanzas of the previous set
/// (<see cref="IRecipient.ContinueFrom"/>). For a passphrase this keeps one Argon2id salt for the whole
/// chain, so a restore that reads ten sets derives one key instead of ten (0.2 s each at the default cost).
/// </summary>
internal static class ChainRecipients
{
    /// <summary>The context with its recipients continued from <paramref name="previous"/>'s manifest header; unchanged when unencrypted.</summary>
    public static async Task<EngineContext> ContinueAsync(EngineContext context, SetName previous, CancellationToken cancellationToken)
    {
        if (context.Encryption is not { } encryption)
        {
            return context;
        }

        IReadOnlyList<RecipientStanza> stanzas;
        try
        {
            var manifest = await context.Backend.OpenReadAsync(TargetLayout.ObjectName(previous, TargetLayout.ManifestFile), 0, null, cancellationToken).ConfigureAwait(false);
            await using (manifest.ConfigureAwait(false))
            {
                stanzas = ArchiveReader.ReadHeader(manifest).Stanzas;
            }
        }
        catch (ArchiveFormatException ex)
        {
            // Only an optimisation: a damaged header elsewhere is for verify to report.
            context.Warn($"{previous}: its manifest header is unreadable ({ex.Message}); this set's keys are wrapped afresh");
            return context;
        }

        return context with { Encryption = encryption with { Recipients = [.. encryption.Recipients.Select(r => r.ContinueFrom(stanzas))] } };
    }
}
