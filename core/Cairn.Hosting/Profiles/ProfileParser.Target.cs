using Cairn.Contracts.Plugins;
using Cairn.Hosting.Secrets;
using YamlDotNet.RepresentationModel;

namespace Cairn.Hosting.Profiles;

/// <summary>The <c>target:</c> block.</summary>
internal sealed partial class ProfileParser
{
    private ProfileTarget? ReadTarget(YamlNode value)
    {
        string? backend = null;
        ProfileLocation? backendLocation = null;
        Uri? url = null;
        ProfileLocation? urlLocation = null;
        var sawUrl = false;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, node) in _reader.Entries(value, "target", ProfileKeys.Target, OptionSecretAdvice))
        {
            switch (key)
            {
                case "backend":
                    backend = ReadPluginId(node, key, PluginKind.Backend);
                    backendLocation = _reader.Locate(node);
                    break;
                case "url":
                    sawUrl = true;
                    url = ReadUrl(node);
                    urlLocation = _reader.Locate(node);
                    break;
                case "options":
                    ReadOptions(node, "target.options", options);
                    break;
            }
        }

        if (value is YamlMappingNode && !sawUrl)
        {
            _reader.Error(value, "'target' needs 'url' (for example file:///srv/backup or sftp://user@host/backups)");
        }

        if (url is null)
        {
            return null;
        }

        // Without 'backend', the installed plugin that takes the URL's scheme is picked when the job is built.
        return new ProfileTarget(backend, url, options, backendLocation, urlLocation);
    }

    private Uri? ReadUrl(YamlNode node)
    {
        if (_reader.Text(node, "url") is not { } text)
        {
            return null;
        }

        Uri url;
        try
        {
            url = ProfilePaths.ResolveUrl(text, _baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or NotSupportedException or PathTooLongException)
        {
            _reader.Error(node, ProfilePaths.IsFileUrlWithoutPath(text)
                ? $"'url' {text} has no path: write file:///folder or a plain path"
                : $"'url' is neither a URL nor a path: '{UrlRedaction.WithoutPassword(text)}'");
            return null;
        }

        if (UrlPasswordRule.RefusalInProfile(url, text) is { } refusal)
        {
            _reader.Error(node, refusal);
            return null;
        }

        return url;
    }

    /// <summary>Reads a mapping of plugin options: scalar values as text, path options made absolute.</summary>
    private void ReadOptions(YamlNode node, string what, Dictionary<string, string> options)
    {
        if (YamlNodeReader.IsNull(node))
        {
            return;
        }

        foreach (var (key, _, value) in _reader.Entries(node, what, known: null, OptionSecretAdvice))
        {
            if (ReadOptionValue(key, value) is { } text)
            {
                options[key] = text;
            }
        }
    }

    private string? ReadOptionValue(string key, YamlNode value)
    {
        if (value is not YamlScalarNode || YamlNodeReader.IsNull(value))
        {
            _reader.Error(value, $"option '{key}' must be a single value (options are passed to the plugin as text), not {YamlNodeReader.Describe(value)}");
            return null;
        }

        var text = ((YamlScalarNode)value).Value ?? string.Empty;
        return ProfilePaths.IsPathKey(key) ? ResolvePath(text, value, key) : text;
    }
}
