using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Reads typed values out of a YAML node tree and collects every problem with its position, so that one
/// run reports all the mistakes in a file rather than the first one.
/// </summary>
internal sealed class YamlNodeReader(string file)
{
    private readonly List<ProfileError> _errors = [];

    public string File => file;

    public IReadOnlyList<ProfileError> Errors => _errors;

    public ProfileLocation Locate(YamlNode node) =>
        new(file, (int)Math.Clamp(node.Start.Line, 1, int.MaxValue), (int)Math.Clamp(node.Start.Column, 1, int.MaxValue));

    public void Error(YamlNode node, string message) => _errors.Add(new ProfileError(file, Locate(node), message));

    public void Error(ProfileLocation? location, string message) => _errors.Add(new ProfileError(file, location, message));

    /// <summary>True for a value left empty (<c>key:</c>), <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>
    /// Walks a mapping's entries in order. Keys that are not scalars, secrets or unknown are reported;
    /// <paramref name="known"/> null accepts any key.
    /// </summary>
    public IEnumerable<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(
        YamlNode node, string what, IReadOnlyCollection<string>? known, Func<string, string> secretAdvice)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"'{what}' must be a mapping of keys to values, not {Describe(node)}");
            yield break;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } scalarKey)
            {
                Error(keyNode, $"keys in '{what}' must be plain names");
                continue;
            }

            if (ProfileKeys.SecretNames.Contains(key))
            {
                Error(keyNode, $"'{key}' would put a secret in the profile file: {secretAdvice(key)}");
                continue;
            }

            if (known is not null && !known.Contains(key))
            {
                var where = what == "profile" ? string.Empty : $" in '{what}'";
                Error(keyNode, $"unknown key '{key}'{where}{NameSuggestions.Hint(key, known)}");
                continue;
            }

            yield return (key, scalarKey, value);
        }
    }

    /// <summary>A non-empty text scalar, or null (reported) when the value is missing or not a scalar.</summary>
    public string? Text(YamlNode node, string key)
    {
        if (IsNull(node))
        {
            Error(node, $"'{key}' needs a value");
            return null;
        }

        if (node is not YamlScalarNode { Value: { } value })
        {
            Error(node, $"'{key}' must be a single value, not {Describe(node)}");
            return null;
        }

        if (value.Trim().Length == 0)
        {
            Error(node, $"'{key}' must not be empty");
            return null;
        }

        return value;
    }

    /// <summary>One text value or a list of them; the items with their nodes.</summary>
    public List<(string Value, YamlNode Node)> TextList(YamlNode node, string key)
    {
        var items = new List<(string, YamlNode)>();
        if (node is YamlMappingNode)
        {
            Error(node, $"'{key}' must be a value or a list of values, not a mapping");
        }
        else if (node is YamlSequenceNode sequence)
        {
            foreach (var child in sequence.Children)
            {
                if (child is not YamlScalarNode)
                {
                    Error(child, $"each item of '{key}' must be a single value, not {Describe(child)}");
                }
                else if (Text(child, key) is { } value)
                {
                    items.Add((value, child));
                }
            }
        }
        else if (Text(node, key) is { } value)
        {
            items.Add((value, node));
        }

        return items;
    }

    public int? Integer(YamlNode node, string key, int min, int max)
    {
        if (Text(node, key) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, $"'{key}' must be a whole number, not '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, $"'{key}' must be between {min} and {max}, not {value}");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode node, string key)
    {
        if (Text(node, key) is not { } text)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(node, $"'{key}' must be true or false, not '{text}'");
                return null;
        }
    }

    public long? Size(YamlNode node, string key, long min, long max)
    {
        if (Text(node, key) is not { } text)
        {
            return null;
        }

        if (!ByteSize.TryParse(text, out var bytes))
        {
            Error(node, $"'{key}' must be a size such as 256MiB or 1GB, not '{text}'");
            return null;
        }

        if (bytes < min || bytes > max)
        {
            Error(node, $"'{key}' must be between {ByteSize.Format(min)} and {ByteSize.Format(max)}, not {text}");
            return null;
        }

        return bytes;
    }

    public TimeSpan? Duration(YamlNode node, string key)
    {
        if (Text(node, key) is not { } text)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var duration))
        {
            Error(node, $"'{key}' must be a duration such as 30D, 2W or 12h (units s m h D W M Y), not '{text}'");
            return null;
        }

        return duration;
    }

    /// <summary>A short description of a node's shape for messages: "a list", "a mapping", "an empty value".</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ when IsNull(node) => "an empty value",
        _ => "a single value",
    };

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
