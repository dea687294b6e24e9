using System.Text;
using Cairn.Contracts.Files;
using Cairn.Contracts.Plugins;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Loads profiles: by path, or by name from the user's profile folder
/// (<c>$XDG_CONFIG_HOME/cairn/profiles/NAME.yaml</c>, else <c>~/.config/cairn/profiles/NAME.yaml</c>).
/// Every problem is reported with its file, line and column in one <see cref="ProfileException"/>.
/// </summary>
public static class ProfileLoader
{
    /// <summary>
    /// Profiles larger than this are refused before parsing (a profile is a few hundred bytes); no more than
    /// this is read, whatever the file is (a device or a pipe reports no size).
    /// </summary>
    public const int MaxProfileBytes = 1024 * 1024;

    /// <summary>
    /// Loads a profile given by path (anything with a '/', ending in .yaml/.yml, or an existing file) or by name.
    /// </summary>
    /// <param name="pathOrName">A path such as <c>./home.yaml</c>, or a name such as <c>home</c>.</param>
    /// <param name="knownPluginIds">
    /// The installed plugin ids of each kind, to check the ids the profile names (with "did you mean" hints);
    /// <see langword="null"/> (or a null result for a kind) skips that check.
    /// </param>
    /// <exception cref="ProfileException">The profile is missing, unreadable or invalid.</exception>
    public static Profile Load(string pathOrName, Func<PluginKind, IReadOnlyCollection<string>?>? knownPluginIds = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        return LoadFile(Find(pathOrName), knownPluginIds, displayName: LooksLikePath(pathOrName) ? pathOrName : null);
    }

    /// <summary>Finds the file a profile path or name refers to.</summary>
    /// <exception cref="ProfileException">No such profile; the message lists where Cairn looked.</exception>
    public static string Find(string pathOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        if (LooksLikePath(pathOrName) || File.Exists(pathOrName))
        {
            var full = ProfilePaths.Resolve(pathOrName, Environment.CurrentDirectory);
            return File.Exists(full)
                ? full
                : throw new ProfileException(pathOrName, null, "no such profile file");
        }

        var candidates = ProfileFolders.Search()
            .SelectMany(folder => new[] { Path.Combine(folder, pathOrName + ".yaml"), Path.Combine(folder, pathOrName + ".yml") })
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ProfileException(pathOrName, null,
                $"no profile named '{pathOrName}' (looked for {string.Join(", ", candidates.Where(c => c.EndsWith(".yaml", StringComparison.Ordinal)))}; "
                + $"'cairn profile init {pathOrName}' creates one)");
    }

    /// <summary>Loads the profile file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="knownPluginIds">See <see cref="Load"/>.</param>
    /// <param name="displayName">How messages name the file; defaults to its path relative to the current folder when inside it.</param>
    /// <exception cref="ProfileException">The file is unreadable, too large or invalid.</exception>
    public static Profile LoadFile(string path, Func<PluginKind, IReadOnlyCollection<string>?>? knownPluginIds = null, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        displayName ??= DisplayNameOf(full);
        string text;
        try
        {
            // Decoded as File.ReadAllText does: UTF-8 unless a byte order mark says otherwise.
            var bytes = BoundedFile.ReadAllBytes(full, MaxProfileBytes);
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (FileTooLargeException)
        {
            throw new ProfileException(displayName, null, $"the file is larger than a profile may be ({MaxProfileBytes} bytes)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException(displayName, null, $"cannot read the profile: {ex.Message}");
        }

        return Parse(text, displayName, Path.GetDirectoryName(full)!, full, knownPluginIds);
    }

    /// <summary>Parses profile text.</summary>
    /// <param name="yaml">The profile's YAML.</param>
    /// <param name="displayName">How messages name the file, for example <c>home.yaml</c>.</param>
    /// <param name="baseDirectory">The folder relative paths are taken from (the profile's folder).</param>
    /// <param name="filePath">The file's absolute path, recorded in <see cref="Profile.FilePath"/>, or <see langword="null"/>.</param>
    /// <param name="knownPluginIds">See <see cref="Load"/>.</param>
    /// <exception cref="ProfileException">
    /// The text is not valid YAML, is nested more deeply than a profile can be (64 levels), or is not a valid profile;
    /// every problem is listed.
    /// </exception>
    public static Profile Parse(
        string yaml,
        string displayName,
        string baseDirectory,
        string? filePath = null,
        Func<PluginKind, IReadOnlyCollection<string>?>? knownPluginIds = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(scanner), displayName));
        }
        catch (YamlException ex)
        {
            if (FirstTabIndent(yaml) is { } tab && ex.Message.Contains("tab", StringComparison.Ordinal))
            {
                // YamlDotNet points at the mapping the tab is in, often line 1: the line to fix is the tab's.
                throw new ProfileException(displayName, new ProfileLocation(displayName, tab.Line, tab.Column), "not valid YAML: a tab indents this line; indent with spaces");
            }

            throw new ProfileException(displayName, At(displayName, ex.Start), DescribeSyntaxError(ex));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some malformed input (an unclosed '[' before
            // more lines); the scanner still knows where it stopped.
            throw new ProfileException(displayName, At(displayName, scanner.CurrentPosition), "not valid YAML: unexpected text (is a bracket or quote left open?)");
        }

        if (stream.Documents.Count == 0)
        {
            throw new ProfileException(displayName, null, "the profile is empty (it needs at least 'source' and 'target')");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new ProfileException(displayName, At(displayName, second.Start),
                "a profile file holds one YAML document; this is a second one ('---')");
        }

        var defaultName = filePath is null ? "profile" : Path.GetFileNameWithoutExtension(filePath);
        var parser = new ProfileParser(displayName, Path.GetFullPath(baseDirectory), knownPluginIds);
        var profile = parser.Parse(stream.Documents[0].RootNode, defaultName, filePath);
        if (parser.Errors.Count > 0 || profile is null)
        {
            var errors = parser.Errors
                .OrderBy(e => e.Location?.Line ?? int.MaxValue)
                .ThenBy(e => e.Location?.Column ?? int.MaxValue)
                .ToList();
            throw new ProfileException(errors);
        }

        return profile;
    }

    /// <summary>The line and column (1-based) of the first tab in a line's indentation, or null.</summary>
    private static (int Line, int Column)? FirstTabIndent(string yaml)
    {
        var line = 0;
        foreach (var text in yaml.AsSpan().EnumerateLines())
        {
            line++;
            var indent = text.Length - text.TrimStart(" \t").Length;
            var tab = text[..indent].IndexOf('\t');
            if (tab >= 0)
            {
                return (line, tab + 1);
            }
        }

        return null;
    }

    internal static ProfileLocation At(string displayName, Mark mark) =>
        new(displayName, (int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    private static bool LooksLikePath(string pathOrName) =>
        pathOrName.Contains('/', StringComparison.Ordinal)
        || pathOrName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || pathOrName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || pathOrName.StartsWith('~');

    private static string DisplayNameOf(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    private static string DescribeSyntaxError(YamlException ex)
    {
        var message = ex.Message.Trim();
        if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            return $"the key '{message["Duplicate key ".Length..]}' appears twice";
        }

        message = message.TrimEnd('.');
        return "not valid YAML: " + char.ToLowerInvariant(message[0]) + message[1..];
    }
}
