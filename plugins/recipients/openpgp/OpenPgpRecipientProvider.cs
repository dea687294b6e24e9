using System.Text;
using Cairn.Contracts.Plugins;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.OpenPgp;

/// <summary>
/// OpenPGP public keys (GnuPG's, armored or binary) as recipients. Recipient options: <c>key-file</c>
/// (a public key file) or <c>public-key</c> (the armored key itself). Identity: option <c>key-file</c> (a
/// secret key file, as <c>gpg --export-secret-keys</c> writes it) and, when the key is protected, its
/// passphrase as the secret. Each stanza is a standard OpenPGP message that <c>gpg --decrypt</c> can open.
/// </summary>
public sealed class OpenPgpRecipientProvider : IRecipientProvider
{
    /// <inheritdoc />
    public string Id => "openpgp";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Recipient;

    /// <inheritdoc />
    public string Description => "OpenPGP public key (GnuPG keys; stanzas open with gpg --decrypt)";

    /// <inheritdoc />
    public bool RecipientNeedsSecret => false;

    /// <inheritdoc />
    public IRecipient CreateRecipient(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Options.TryGetValue("public-key", out var armored))
        {
            return new OpenPgpRecipient(OpenPgpKeys.ReadEncryptionKey(Encoding.UTF8.GetBytes(armored), "option 'public-key'"));
        }

        if (settings.Options.TryGetValue("key-file", out var path))
        {
            return new OpenPgpRecipient(OpenPgpKeys.ReadEncryptionKey(OpenPgpKeys.ReadFile(path, "key-file"), $"public key file {path}"));
        }

        throw new ArgumentException("openpgp recipient needs option 'key-file' (a public key file from `gpg --export`) or 'public-key' (the armored key).", nameof(settings));
    }

    /// <inheritdoc />
    public IIdentity CreateIdentity(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Options.TryGetValue("key-file", out var path))
        {
            throw new ArgumentException("openpgp identity needs option 'key-file' (a secret key file from `gpg --export-secret-keys`).", nameof(settings));
        }

        var passphrase = settings.Secret is { Bytes.IsEmpty: false } secret ? secret : null;
        return new OpenPgpIdentity(OpenPgpKeys.ReadDecryptionKeys(OpenPgpKeys.ReadFile(path, "key-file"), $"secret key file {path}", passphrase));
    }
}
