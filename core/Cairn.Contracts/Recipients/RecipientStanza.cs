namespace Cairn.Contracts.Recipients;

/// <summary>
/// The archive key wrapped for one recipient, stored in the archive header. The format treats it as
/// opaque: <paramref name="Type"/> selects the recipient plugin, <paramref name="Body"/> is that plugin's business.
/// </summary>
/// <param name="Type">The recipient plugin id, for example <c>passphrase</c>, <c>x25519</c>, <c>openpgp</c>.</param>
/// <param name="Body">The wrapped key and whatever the plugin needs to unwrap it (salt, ephemeral key...).</param>
public sealed record RecipientStanza(string Type, byte[] Body);
