using System.Text.RegularExpressions;
using Cairn.Contracts.Plugins;
using Cairn.Hosting.Secrets;
using YamlDotNet.RepresentationModel;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Turns a profile's YAML tree into a <see cref="Profile"/>, checking every key, type and rule and
/// collecting every problem with its line and column. One instance parses one document.
/// </summary>
internal sealed partial class ProfileParser
{
    private readonly YamlNodeReader _reader;
    private readonly string _baseDirectory;
    private readonly Func<PluginKind, IReadOnlyCollection<string>?>? _knownPluginIds;

    public ProfileParser(string displayName, string baseDirectory, Func<PluginKind, IReadOnlyCollection<string>?>? knownPluginIds)
    {
        _reader = new YamlNodeReader(displayName);
        _baseDirectory = baseDirectory;
        _knownPluginIds = knownPluginIds;
    }

    public IReadOnlyList<ProfileError> Errors => _reader.Errors;

    /// <summary>Parses the document's root; null when there were errors (see <see cref="Errors"/>).</summary>
    public Profile? Parse(YamlNode root, string defaultName, string? filePath)
    {
        if (root is not YamlMappingNode)
        {
            _reader.Error(root, $"a profile must be a mapping of keys to values (name:, source:, target:...), not {YamlNodeReader.Describe(root)}");
            return null;
        }

        string? name = null;
        List<string>? sources = null;
        var include = new List<string>();
        var exclude = new List<string>();
        string? excludeIfPresent = null;
        var oneFileSystem = false;
        var excludeCaches = false;
        ProfileTarget? target = null;
        var compression = ProfileCompression.Default;
        ProfileEncryption? encryption = null;
        var volumeSize = ProfileDefaults.VolumeSize;
        var policy = ProfilePolicy.Default;
        var plugins = ProfilePlugins.Default;
        var hooks = ProfileHooks.None;
        var sawTarget = false;

        foreach (var (key, keyNode, value) in _reader.Entries(root, "profile", ProfileKeys.TopLevel, TopLevelSecretAdvice))
        {
            switch (key)
            {
                case "name":
                    name = ReadName(value);
                    break;
                case "source":
                    sources = ReadPaths(value, key);
                    if (value is YamlSequenceNode { Children.Count: 0 })
                    {
                        _reader.Error(value, "'source' needs at least one folder");
                    }

                    break;
                case "include":
                    include = ReadPatterns(value, key);
                    break;
                case "exclude":
                    exclude = ReadPatterns(value, key);
                    break;
                case "exclude-if-present":
                    excludeIfPresent = ReadFileName(value, key);
                    break;
                case "exclude-caches":
                    excludeCaches = _reader.Boolean(value, key) ?? false;
                    break;
                case "exclude-other-filesystems":
                    oneFileSystem = _reader.Boolean(value, key) ?? false;
                    break;
                case "target":
                    sawTarget = true;
                    target = ReadTarget(value);
                    break;
                case "compression":
                    compression = ReadCompression(value) ?? compression;
                    break;
                case "encryption":
                    encryption = ReadEncryption(value, keyNode);
                    break;
                case "volume-size":
                    volumeSize = _reader.Size(value, key, ProfileDefaults.MinVolumeSize, ProfileDefaults.MaxVolumeSize) ?? volumeSize;
                    break;
                case "policy":
                    policy = ReadPolicy(value);
                    break;
                case "plugins":
                    plugins = ReadPlugins(value);
                    break;
                case "hooks":
                    hooks = ReadHooks(value);
                    break;
            }
        }

        var start = _reader.Locate(root);
        if (sources is null)
        {
            _reader.Error(start, "missing required key 'source' (the folders to back up, for example 'source: ~/Documents')");
        }

        if (!sawTarget)
        {
            _reader.Error(start, "missing required key 'target' (where backups go, for example 'target: { url: file:///srv/backup }')");
        }

        encryption ??= DefaultEncryption(start);
        if (_reader.Errors.Count > 0 || sources is null || target is null || encryption is null)
        {
            return null;
        }

        return new Profile
        {
            Name = name ?? defaultName,
            FilePath = filePath,
            DisplayName = _reader.File,
            BaseDirectory = _baseDirectory,
            Sources = sources,
            Include = include,
            Exclude = exclude,
            ExcludeIfPresent = excludeIfPresent,
            ExcludeOtherFileSystems = oneFileSystem,
            ExcludeCaches = excludeCaches,
            Target = target,
            Compression = compression,
            Encryption = encryption,
            VolumeSize = volumeSize,
            Policy = policy,
            Plugins = plugins,
            Hooks = hooks,
        };
    }

    private ProfileEncryption? DefaultEncryption(ProfileLocation start)
    {
        _reader.Error(start, "encryption is on by default but the profile names no recipient: add "
            + "'encryption: { recipients: [ { type: passphrase, env: CAIRN_PASSPHRASE } ] }', "
            + "or write 'encryption: { provider: none }' to store backups unencrypted");
        return null;
    }

    private string? ReadName(YamlNode value)
    {
        if (_reader.Text(value, "name") is not { } name)
        {
            return null;
        }

        if (!ValidName().IsMatch(name))
        {
            _reader.Error(value, $"'name' may use letters, digits, '.', '_' and '-' (up to 64, starting with a letter or digit), not '{name}'");
            return null;
        }

        return name;
    }

    private List<string> ReadPaths(YamlNode value, string key)
    {
        var paths = new List<string>();
        foreach (var (text, node) in _reader.TextList(value, key))
        {
            if (ResolvePath(text, node, key) is { } path)
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private string? ResolvePath(string text, YamlNode node, string key)
    {
        try
        {
            return ProfilePaths.Resolve(text, _baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _reader.Error(node, $"'{key}' is not a usable path: '{text}'");
            return null;
        }
    }

    private List<string> ReadPatterns(YamlNode value, string key) =>
        _reader.TextList(value, key).Select(item => item.Value).ToList();

    private string? ReadFileName(YamlNode value, string key)
    {
        if (_reader.Text(value, key) is not { } name)
        {
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            _reader.Error(value, $"'{key}' is a file name (such as .nobackup), not a path: '{name}'");
            return null;
        }

        return name;
    }

    private ProfileCompression? ReadCompression(YamlNode value)
    {
        string? provider = null;
        ProfileLocation? location = null;
        int? level = null;
        ProfileLocation? levelLocation = null;
        foreach (var (key, _, node) in _reader.Entries(value, "compression", ProfileKeys.Compression, OptionSecretAdvice))
        {
            if (key == "provider")
            {
                provider = ReadPluginId(node, key, PluginKind.Compressor);
                location = _reader.Locate(node);
            }
            else
            {
                // Any whole number: each compressor has its own levels, checked once its plugin is loaded
                // (CompressionLevelCheck).
                level = _reader.Integer(node, key, int.MinValue, int.MaxValue);
                levelLocation = _reader.Locate(node);
            }
        }

        return new ProfileCompression(provider ?? ProfileDefaults.Compressor, level, location, levelLocation);
    }

    private ProfilePolicy ReadPolicy(YamlNode value)
    {
        TimeSpan? fullIfOlderThan = null;
        int? keepFull = null;
        foreach (var (key, _, node) in _reader.Entries(value, "policy", ProfileKeys.Policy, OptionSecretAdvice))
        {
            if (key == "full-if-older-than")
            {
                fullIfOlderThan = _reader.Duration(node, key);
            }
            else
            {
                keepFull = _reader.Integer(node, key, 1, 100_000);
            }
        }

        return new ProfilePolicy(fullIfOlderThan, keepFull);
    }

    private ProfileHooks ReadHooks(YamlNode value)
    {
        string? before = null, after = null;
        TimeSpan? timeout = null;
        foreach (var (key, _, node) in _reader.Entries(value, "hooks", ProfileKeys.Hooks, OptionSecretAdvice))
        {
            if (key == "timeout")
            {
                timeout = _reader.Duration(node, key);
                continue;
            }

            var command = _reader.Text(node, key);
            if (command is not null && string.IsNullOrWhiteSpace(command))
            {
                _reader.Error(node, $"'{key}' is a shell command, not an empty string; leave the key out for no hook");
                command = null;
            }

            if (key == "before")
            {
                before = command;
            }
            else
            {
                after = command;
            }
        }

        return new ProfileHooks(before, after, timeout);
    }

    private ProfilePlugins ReadPlugins(YamlNode value)
    {
        var paths = new List<string>();
        foreach (var (key, _, node) in _reader.Entries(value, "plugins", ProfileKeys.Plugins, OptionSecretAdvice))
        {
            paths.AddRange(ReadPaths(node, key));
        }

        return new ProfilePlugins(paths);
    }

    /// <summary>Reads a plugin id and, when the installed plugins are known, checks that it is one of them.</summary>
    private string? ReadPluginId(YamlNode node, string key, PluginKind kind)
    {
        if (_reader.Text(node, key) is not { } id)
        {
            return null;
        }

        if (_knownPluginIds?.Invoke(kind) is { } known && !known.Contains(id))
        {
            var kindName = kind.ToString().ToLowerInvariant();
            var installed = known.Count == 0 ? "none is installed" : "installed: " + string.Join(", ", known.Order(StringComparer.Ordinal));
            _reader.Error(node, $"no {kindName} plugin '{id}'{NameSuggestions.Hint(id, known)}; {installed}");
        }

        return id;
    }

    private SecretReference? ReadSecretReference(YamlNode? envNode, YamlNode? fileNode, string envKey, string fileKey)
    {
        if (envNode is not null && fileNode is not null)
        {
            _reader.Error(fileNode, $"give either '{envKey}' or '{fileKey}', not both");
            return null;
        }

        if (envNode is not null)
        {
            if (_reader.Text(envNode, envKey) is not { } variable)
            {
                return null;
            }

            if (!EnvironmentName().IsMatch(variable))
            {
                _reader.Error(envNode, $"'{envKey}' names an environment variable (such as CAIRN_PASSPHRASE), not '{variable}'");
                return null;
            }

            return SecretReference.FromEnvironment(variable);
        }

        if (fileNode is not null && _reader.Text(fileNode, fileKey) is { } file && ResolvePath(file, fileNode, fileKey) is { } path)
        {
            return SecretReference.FromFile(path);
        }

        return null;
    }

    private static string TopLevelSecretAdvice(string key) =>
        "secrets never live in the profile; give them in 'encryption.recipients' as 'env: VAR' or 'file: PATH', or let Cairn prompt on a terminal";

    private static string OptionSecretAdvice(string key) =>
        $"write '{key}-env: VAR' (an environment variable) or '{key}-file: PATH' (a file only you can read) under 'target.options' instead";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
