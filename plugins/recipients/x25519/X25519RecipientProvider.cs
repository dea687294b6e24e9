using Cairn.Contracts.Plugins;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;

namespace Cairn.Plugins.X25519;

/// <summary>
/// Public-key recipients on X25519 (like age): a recipient needs only the public key (option
/// <c>public-key</c>: <c>cairn1…</c>); an identity needs the secret key, from the host's secret (env or
/// file) or option <c>key-file</c>. <c>cairn keygen</c> makes key pairs through <see cref="IRecipientKeyGenerator"/>.
/// </summary>
public sealed class X25519RecipientProvider : IRecipientProvider, IRecipientKeyGenerator
{
    /// <inheritdoc />
    public string Id => "x25519";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Recipient;

    /// <inheritdoc />
    public string Description => "X25519 public key (cairn1…), like age; keys from `cairn keygen`";

    /// <inheritdoc />
    public bool RecipientNeedsSecret => false;

    /// <inheritdoc />
    /// <remarks>Takes option <c>public-key</c>; without it, the public half of the identity's secret key.</remarks>
    public IRecipient CreateRecipient(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Options.TryGetValue("public-key", out var publicKey))
        {
            return new X25519Recipient(X25519Keys.ParsePublic(publicKey, "option 'public-key'"));
        }

        if (FindSecret(settings) is { } secret)
        {
            return new X25519Recipient(X25519Keys.PublicFromSecret(X25519Keys.ParseSecret(secret)));
        }

        throw new ArgumentException("x25519 recipient needs option 'public-key' (cairn1…, from `cairn keygen`).", nameof(settings));
    }

    /// <inheritdoc />
    public IIdentity CreateIdentity(RecipientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var secret = FindSecret(settings)
            ?? throw new ArgumentException("x25519 identity needs the secret key: option 'key-file', or a secret from env/file.", nameof(settings));
        return new X25519Identity(X25519Keys.ParseSecret(secret));
    }

    /// <inheritdoc />
    public GeneratedKeyPair GenerateKeyPair()
    {
        var secretKey = X25519Keys.NewSecret();
        var file = X25519Keys.SecretKeyFile(secretKey);
        return new GeneratedKeyPair(Secret.FromText(file, "cairn keygen"), X25519Keys.EncodePublic(X25519Keys.PublicFromSecret(secretKey)));
    }

    /// <inheritdoc />
    public string GetPublicKey(Secret secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        return X25519Keys.EncodePublic(X25519Keys.PublicFromSecret(X25519Keys.ParseSecret(secretKey)));
    }

    private static Secret? FindSecret(RecipientSettings settings)
    {
        if (settings.Secret is { } secret && !secret.Bytes.IsEmpty)
        {
            return secret;
        }

        return settings.Options.TryGetValue("key-file", out var path) ? X25519Keys.ReadKeyFile(path) : null;
    }
}
