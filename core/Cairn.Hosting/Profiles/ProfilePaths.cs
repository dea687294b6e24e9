using Cairn.Hosting.Secrets;

namespace Cairn.Hosting.Profiles;

/// <summary>How paths written in a profile become absolute: <c>~</c> is the home folder, relative paths start at the profile's folder.</summary>
public static class ProfilePaths
{
    /// <summary>Makes <paramref name="path"/> absolute against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty or has characters the system rejects.</exception>
    public static string Resolve(string path, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = path.Length == 1 ? home : Path.Combine(home, path[2..]);
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The path contains a NUL character.", nameof(path));
        }

        return Path.GetFullPath(path, baseDirectory);
    }

    /// <summary>
    /// True for option keys that hold a path, which are resolved like any path in the profile:
    /// <c>file</c>, and names ending in <c>-file</c>, <c>-path</c> or <c>-dir</c>.
    /// </summary>
    public static bool IsPathKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key == "file"
            || key.EndsWith("-file", StringComparison.Ordinal)
            || key.EndsWith("-path", StringComparison.Ordinal)
            || key.EndsWith("-dir", StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a target URL: <c>scheme://...</c> as it is; a plain path (absolute, relative or <c>~/...</c>),
    /// or <c>file:</c> followed by a relative path (<c>file://./backups</c>, <c>file:backups</c>), as a <c>file:</c>
    /// URL of the resolved absolute path.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The text is not a URL or a path, or it is a <c>file:</c> URL without a path (<c>file://</c>); the message never
    /// shows a password it holds.
    /// </exception>
    public static Uri ResolveUrl(string text, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (IsFileUrlWithoutPath(text))
        {
            // .NET would read "file://" as "file:///", the whole file system: an empty variable in
            // "file://$DIR" must not turn into a backup to, or a cleanup of, the root folder.
            throw new ArgumentException($"{text} URL has no path: write file:///folder or a plain path");
        }

        var schemeEnd = SchemeLength(text);
        if (schemeEnd > 0 && text[..schemeEnd].Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[(schemeEnd + 1)..];
            var afterSlashes = rest.StartsWith("//", StringComparison.Ordinal) ? rest[2..] : rest;
            if (!rest.StartsWith('/') || afterSlashes.StartsWith('.') || afterSlashes.StartsWith('~'))
            {
                return new Uri(Resolve(Uri.UnescapeDataString(afterSlashes), baseDirectory));
            }
        }

        if (schemeEnd <= 1)
        {
            // No scheme (one letter would be a Windows drive): a path.
            return new Uri(Resolve(text, baseDirectory));
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"'{UrlRedaction.WithoutPassword(text)}' is not a valid URL.", nameof(text));
        }

        return url;
    }

    /// <summary>True for a <c>file:</c> URL with nothing after the scheme and its slashes (<c>file://</c>, <c>file:</c>), which <see cref="ResolveUrl"/> refuses.</summary>
    public static bool IsFileUrlWithoutPath(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var schemeEnd = SchemeLength(text);
        if (schemeEnd == 0 || !text[..schemeEnd].Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[(schemeEnd + 1)..];
        return rest.Length == 0 || rest == "//";
    }

    private static int SchemeLength(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return 0;
        }

        var i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '-' or '.'))
        {
            i++;
        }

        return i < text.Length && text[i] == ':' ? i : 0;
    }
}
