using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Hosting.Profiles;
using Cairn.Hosting.Secrets;

namespace Cairn.Hosting.Jobs;

/// <summary>Recipients (write side) and identities (read side), and the secrets they need.</summary>
public sealed partial class JobContext
{
    private IReadOnlyList<IRecipient> CreateRecipients()
    {
        var recipients = new List<IRecipient>();
        foreach (var (spec, provider) in _recipientProviders)
        {
            var secret = provider.RecipientNeedsSecret ? OwnSecret(spec, confirmPrompt: true) : null;
            recipients.Add(provider.CreateRecipient(new RecipientSettings(spec.Options, secret)));
        }

        return recipients;
    }

    private IReadOnlyList<IIdentity> CreateIdentities()
    {
        var identities = new List<IIdentity>();
        var skipped = new List<string>();
        foreach (var (spec, provider) in _recipientProviders)
        {
            if (provider.RecipientNeedsSecret)
            {
                // A passphrase opens what it wrapped: the identity is the same secret.
                identities.Add(provider.CreateIdentity(new RecipientSettings(spec.Options, OwnSecret(spec, confirmPrompt: false))));
            }
            else if (spec.Identity is { } reference)
            {
                var secret = Resolve(reference, $"Private key for the {spec.Type} recipient of {Profile.Name}", wholeFile: true);
                identities.Add(provider.CreateIdentity(new RecipientSettings(spec.Options, secret)));
            }
            else
            {
                // A public-key recipient whose plugin may find its private key from its options (a key-file);
                // when it cannot, this recipient just does not help to read here.
                try
                {
                    identities.Add(provider.CreateIdentity(new RecipientSettings(spec.Options, null)));
                }
                catch (ArgumentException)
                {
                    skipped.Add(spec.Type);
                }
            }
        }

        if (identities.Count == 0 && _recipientProviders.Count > 0)
        {
            throw new SecretUnavailableException(
                $"{Profile.DisplayName}: no recipient can open the backups here: give the private key of a {string.Join(" or ", skipped.Distinct())} recipient "
                + "with 'identity-file: PATH' or 'identity-env: VAR' in the profile");
        }

        return identities;
    }

    /// <summary>The recipient's own secret (a passphrase), from env/file or asked for; asked twice when writing.</summary>
    private Secret OwnSecret(ProfileRecipient spec, bool confirmPrompt)
    {
        var reference = spec.Secret ?? SecretReference.Prompt;
        var label = $"Passphrase for {Profile.Name}";
        var secret = Resolve(reference, label, wholeFile: false);
        if (confirmPrompt && secret.Origin == "prompt")
        {
            lock (_secretsLock)
            {
                if (!_confirmed.Contains(reference))
                {
                    var again = SecretSources.Require(SecretReference.Prompt, "Repeat it", _interactive, ProfileDefaults.PassphraseVariable, _warn);
                    if (!again.Bytes.SequenceEqual(secret.Bytes))
                    {
                        _secrets.Remove(reference);
                        throw new SecretUnavailableException("the two passphrases typed differ; nothing was written");
                    }

                    _confirmed.Add(reference);
                }
            }
        }

        return secret;
    }

    private Secret Resolve(SecretReference reference, string label, bool wholeFile)
    {
        lock (_secretsLock)
        {
            if (!_secrets.TryGetValue(reference, out var secret))
            {
                secret = SecretSources.Require(reference, label, _interactive, ProfileDefaults.PassphraseVariable, _warn, wholeFile);
                _secrets.Add(reference, secret);
            }

            return secret;
        }
    }
}
