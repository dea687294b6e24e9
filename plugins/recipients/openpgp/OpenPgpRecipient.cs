using Cairn.Contracts.Recipients;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Cairn.Plugins.OpenPgp;

/// <summary>Wraps archive keys for one OpenPGP public key.</summary>
internal sealed class OpenPgpRecipient(PgpPublicKey key) : IRecipient
{
    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey) => new("openpgp", OpenPgpMessage.Encrypt(key, archiveKey));
}
