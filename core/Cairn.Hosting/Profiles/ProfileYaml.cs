using Cairn.Hosting.Secrets;
using YamlDotNet.Serialization;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Writes a profile back as YAML with every default filled in and every path absolute: what
/// <c>cairn profile show</c> prints. The output is itself a valid profile. It holds no secret (a profile
/// never does), only where each secret comes from.
/// </summary>
public static class ProfileYaml
{
    /// <summary>Renders the effective profile, with a comment header naming the secrets' sources.</summary>
    public static string Render(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var document = new Dictionary<string, object?>
        {
            ["name"] = profile.Name,
            ["source"] = profile.Sources.ToList(),
            ["include"] = profile.Include.ToList(),
            ["exclude"] = profile.Exclude.ToList(),
        };
        if (profile.ExcludeIfPresent is not null)
        {
            document["exclude-if-present"] = profile.ExcludeIfPresent;
        }

        document["exclude-caches"] = profile.ExcludeCaches ? "true" : "false";
        document["exclude-other-filesystems"] = profile.ExcludeOtherFileSystems ? "true" : "false";
        var target = new Dictionary<string, object?>();
        if (profile.Target.Backend is { } backend)
        {
            // Left out when the profile names none and no plugins were asked which one takes the URL.
            target["backend"] = backend;
        }

        target["url"] = profile.Target.Url.ToString();
        target["options"] = profile.Target.Options.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key, o => o.Value);
        document["target"] = target;
        var compression = new Dictionary<string, object?> { ["provider"] = profile.Compression.Provider };
        if (profile.Compression.Level is { } level)
        {
            compression["level"] = level;
        }

        document["compression"] = compression;
        var encryption = new Dictionary<string, object?> { ["provider"] = profile.Encryption.Provider };
        if (profile.Encryption.IsEnabled)
        {
            encryption["recipients"] = profile.Encryption.Recipients.Select(RenderRecipient).ToList();
        }

        document["encryption"] = encryption;
        document["volume-size"] = ByteSize.Format(profile.VolumeSize);
        var policy = new Dictionary<string, object?>();
        if (profile.Policy.FullIfOlderThan is { } age)
        {
            policy["full-if-older-than"] = DurationText.Format(age);
        }

        if (profile.Policy.KeepFull is { } keep)
        {
            policy["keep-full"] = keep;
        }

        document["policy"] = policy;
        document["plugins"] = new Dictionary<string, object?> { ["paths"] = profile.Plugins.Paths.ToList() };
        var hooks = new Dictionary<string, object?>();
        if (profile.Hooks.Before is { } before)
        {
            hooks["before"] = before;
        }

        if (profile.Hooks.After is { } after)
        {
            hooks["after"] = after;
        }

        if (profile.Hooks.Timeout is { } timeout)
        {
            hooks["timeout"] = DurationText.Format(timeout);
        }

        document["hooks"] = hooks;

        var header = new List<string>
        {
            $"# Effective profile of {profile.FilePath ?? profile.DisplayName}: defaults filled in, paths absolute.",
        };
        if (profile.Encryption.IsEnabled)
        {
            header.Add("# Secrets (only where each comes from; never the secret itself):");
            foreach (var recipient in profile.Encryption.Recipients)
            {
                var sources = new List<string>();
                if (recipient.Secret is { } secret)
                {
                    sources.Add($"secret from {Describe(secret)}");
                }

                if (recipient.Identity is { } identity)
                {
                    sources.Add($"private key from {Describe(identity)}");
                }

                header.Add($"#   {recipient.Type} recipient: {(sources.Count == 0 ? "public key only" : string.Join(", ", sources))}");
            }
        }
        else
        {
            header.Add("# Encryption is OFF ('provider: none'): backups are stored readable by anyone with the target.");
        }

        var serializer = new SerializerBuilder().DisableAliases().Build();
        return string.Join('\n', header) + "\n" + serializer.Serialize(document);
    }

    private static Dictionary<string, object?> RenderRecipient(ProfileRecipient recipient)
    {
        var entry = new Dictionary<string, object?> { ["type"] = recipient.Type };
        AddReference(entry, recipient.Secret, "env", "file");
        AddReference(entry, recipient.Identity, "identity-env", "identity-file");
        foreach (var (key, value) in recipient.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            entry[key] = value;
        }

        return entry;
    }

    private static void AddReference(Dictionary<string, object?> entry, SecretReference? reference, string envKey, string fileKey)
    {
        if (reference?.EnvironmentVariable is { } variable)
        {
            entry[envKey] = variable;
        }
        else if (reference?.FilePath is { } file)
        {
            entry[fileKey] = file;
        }
    }

    private static string Describe(SecretReference reference) =>
        reference.IsPrompt ? "a prompt on the terminal" : reference.EnvironmentVariable is { } variable ? $"${variable}" : $"the file {reference.FilePath}";
}
