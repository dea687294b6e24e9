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
    /// <summary>
    /// The context with its recipients continued from the header of <paramref name="previousManifest"/>, the
    /// previous set's manifest object as stored; unchanged when unencrypted.
    /// </summary>
    public static EngineContext Continue(EngineContext context, SetName previous, byte[] previousManifest)
    {
        if (context.Encryption is not { } encryption)
        {
            return context;
        }

        IReadOnlyList<RecipientStanza> stanzas;
        try
        {
            stanzas = ArchiveReader.ReadHeader(new MemoryStream(previousManifest, writable: false)).Stanzas;
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
