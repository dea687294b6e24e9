using Cairn.Contracts.Plugins;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Wraps the archive key with a key derived from a passphrase by Argon2id (BouncyCastle). Options:
/// <c>argon2-memory-kib</c> (default 65536), <c>argon2-iterations</c> (3), <c>argon2-parallelism</c> (1).
/// </summary>
public sealed class PassphraseRecipientProvider : IRecipientProvider
{
    /// <inheritdoc />
    public string Id => "passphrase";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Recipient;

    /// <inheritdoc />
    public string Description => "passphrase, stretched with Argon2id";

    /// <inheritdoc />
    public bool RecipientNeedsSecret => true;

    /// <inheritdoc />
    public IRecipient CreateRecipient(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PassphraseRecipient(RequirePassphrase(settings), Argon2Parameters.FromOptions(settings.Options));
    }

    /// <inheritdoc />
    public IIdentity CreateIdentity(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PassphraseIdentity(RequirePassphrase(settings));
    }

    private static byte[] RequirePassphrase(RecipientSettings settings)
    {
        if (settings.Secret is null || settings.Secret.Bytes.IsEmpty)
        {
            throw new ArgumentException("The passphrase recipient needs a passphrase (env:, file: or a prompt).", nameof(settings));
        }

        return settings.Secret.Bytes.ToArray();
    }
}
