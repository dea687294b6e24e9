using Cairn.Contracts.Plugins;
using Cairn.Hosting.Secrets;
using YamlDotNet.RepresentationModel;

namespace Cairn.Hosting.Profiles;

/// <summary>The <c>encryption:</c> block and its recipients.</summary>
internal sealed partial class ProfileParser
{
    private ProfileEncryption? ReadEncryption(YamlNode value, YamlNode keyNode)
    {
        string? provider = null;
        ProfileLocation? location = null;
        var recipients = new List<ProfileRecipient>();
        YamlNode? recipientsNode = null;
        foreach (var (key, _, node) in _reader.Entries(value, "encryption", ProfileKeys.Encryption, RecipientSecretAdvice))
        {
            if (key == "provider")
            {
                location = _reader.Locate(node);
                provider = node is YamlScalarNode { Value: ProfileEncryption.NoneProvider }
                    ? ProfileEncryption.NoneProvider
                    : ReadPluginId(node, key, PluginKind.Cipher);
            }
            else
            {
                recipientsNode = node;
                ReadRecipients(node, recipients);
            }
        }

        if (value is not YamlMappingNode)
        {
            return null;
        }

        provider ??= ProfileDefaults.Cipher;
        if (provider == ProfileEncryption.NoneProvider)
        {
            if (recipientsNode is not null && recipients.Count > 0)
            {
                _reader.Error(recipientsNode, "'recipients' has no effect with 'provider: none' (backups are not encrypted): remove one or the other");
            }

            return new ProfileEncryption(provider, [], location);
        }

        if (recipientsNode is null || (recipients.Count == 0 && recipientsNode is YamlSequenceNode { Children.Count: 0 }))
        {
            _reader.Error(recipientsNode ?? keyNode, $"encryption with '{provider}' needs at least one recipient, for example "
                + "'recipients: [ { type: passphrase, env: CAIRN_PASSPHRASE } ]' (or write 'provider: none' to store backups unencrypted)");
        }

        return new ProfileEncryption(provider, recipients, location);
    }

    private void ReadRecipients(YamlNode node, List<ProfileRecipient> recipients)
    {
        if (node is not YamlSequenceNode sequence)
        {
            _reader.Error(node, $"'recipients' must be a list, not {YamlNodeReader.Describe(node)}");
            return;
        }

        foreach (var entry in sequence.Children)
        {
            if (ReadRecipient(entry) is { } recipient)
            {
                recipients.Add(recipient);
            }
        }
    }

    private ProfileRecipient? ReadRecipient(YamlNode entry)
    {
        if (entry is not YamlMappingNode mapping)
        {
            _reader.Error(entry, $"each recipient is a mapping such as '{{ type: passphrase, env: CAIRN_PASSPHRASE }}', not {YamlNodeReader.Describe(entry)}");
            return null;
        }

        // The type decides which other keys are valid, so read it first.
        var typeNode = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "type" }).Value;
        if (typeNode is null)
        {
            _reader.Error(entry, "each recipient needs 'type' (passphrase, x25519, openpgp...)");
            return null;
        }

        var type = ReadPluginId(typeNode, "type", PluginKind.Recipient);
        IReadOnlyCollection<string>? known = type is not null && ProfileKeys.RecipientOptions.TryGetValue(type, out var extra)
            ? [.. ProfileKeys.RecipientCommon, .. extra]
            : null;

        YamlNode? env = null, file = null, identityEnv = null, identityFile = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, value) in _reader.Entries(entry, "recipient", known, RecipientSecretAdvice))
        {
            switch (key)
            {
                case "type":
                    break;
                case "env":
                    env = value;
                    break;
                case "file":
                    file = value;
                    break;
                case "identity-env":
                    identityEnv = value;
                    break;
                case "identity-file":
                    identityFile = value;
                    break;
                default:
                    if (ReadOptionValue(key, value) is { } text)
                    {
                        options[key] = text;
                    }

                    break;
            }
        }

        var secret = ReadSecretReference(env, file, "env", "file");
        var identity = ReadSecretReference(identityEnv, identityFile, "identity-env", "identity-file");
        if (type == "passphrase")
        {
            // A passphrase is both sides: without env or file it is asked for on the terminal.
            secret ??= env is null && file is null ? SecretReference.Prompt : null;
        }

        return type is null ? null : new ProfileRecipient(type, options, secret, identity, _reader.Locate(entry));
    }

    private static string RecipientSecretAdvice(string key) => key switch
    {
        "identity" or "private-key" or "secret-key" =>
            "write 'identity-env: VAR' (an environment variable) or 'identity-file: PATH' (a file only you can read) instead",
        _ => "write 'env: VAR' (an environment variable) or 'file: PATH' (a file only you can read) instead, or leave both out to be asked on the terminal",
    };
}
