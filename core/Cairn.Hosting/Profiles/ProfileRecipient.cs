using Cairn.Hosting.Secrets;

namespace Cairn.Hosting.Profiles;

/// <summary>One entry of <c>encryption.recipients</c>.</summary>
/// <param name="Type">The recipient plugin id: <c>passphrase</c>, <c>x25519</c>, <c>openpgp</c>...</param>
/// <param name="Options">
/// The entry's other keys, as strings, for the plugin (<c>public-key</c>, <c>key-file</c>...). Keys named
/// <c>file</c>, <c>*-file</c> or <c>*-path</c> hold absolute paths.
/// </param>
/// <param name="Secret">
/// The recipient's own secret (a passphrase) from <c>env:</c> or <c>file:</c>; <see cref="SecretReference.Prompt"/>
/// when a secret-needing recipient names neither; <see langword="null"/> when the entry has no secret.
/// </param>
/// <param name="Identity">
/// The private side used to restore, from <c>identity-env:</c> or <c>identity-file:</c> (public-key recipients),
/// or <see langword="null"/>. Backups never need it: only restores and reads of encrypted metadata do.
/// </param>
/// <param name="Location">Where the entry starts.</param>
public sealed record ProfileRecipient(
    string Type,
    IReadOnlyDictionary<string, string> Options,
    SecretReference? Secret,
    SecretReference? Identity,
    ProfileLocation? Location = null);
