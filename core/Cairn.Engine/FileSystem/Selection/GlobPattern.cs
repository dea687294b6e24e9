using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// One compiled selection glob, matched against <c>"/" + relative path</c> (see <see cref="SelectionRules"/>
/// for the syntax). Built once per rule; matching allocates only what <see cref="Regex"/> does.
/// </summary>
internal sealed class GlobPattern
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private readonly Regex? _exact;
    private readonly Regex? _ancestor;
    private readonly Regex?[] _segments;
    private readonly bool _directoryOnly;
    private readonly bool _matchesAll;

    private GlobPattern(string text, string normalized, bool directoryOnly)
    {
        Text = text;
        _directoryOnly = directoryOnly;
        if (normalized.Length == 0 || normalized == "/")
        {
            _matchesAll = true;
            _segments = [];
            return;
        }

        string body = ToRegex(normalized);
        _exact = new Regex("^" + body + "$", Options);
        _ancestor = new Regex("^" + body + "/", Options);

        // Per-segment matchers let an include rule say "this directory leads to a possible match".
        // A segment containing ** can swallow any number of directories, so it leads anywhere (null).
        string[] parts = normalized.StartsWith('/') ? normalized[1..].Split('/') : normalized.Split('/');
        _segments = new Regex?[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            _segments[i] = parts[i].Contains("**", StringComparison.Ordinal) ? null : new Regex("^" + ToRegex(parts[i]) + "$", Options);
        }
    }

    /// <summary>The pattern as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern.</summary>
    /// <param name="pattern">The glob as written.</param>
    /// <param name="sourceRoot">The normalised absolute source root, or <see langword="null"/> when unknown.</param>
    /// <exception cref="ArgumentException">The pattern is empty, or absolute and not under <paramref name="sourceRoot"/>.</exception>
    public static GlobPattern Parse(string pattern, string? sourceRoot)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0)
        {
            throw new ArgumentException("A selection pattern must not be empty.", nameof(pattern));
        }

        if (pattern.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A selection pattern must not contain a NUL character.", nameof(pattern));
        }

        string p = pattern;
        bool directoryOnly = false;
        while (p.Length > 1 && p.EndsWith('/'))
        {
            p = p[..^1];
            directoryOnly = true;
        }

        if (p.StartsWith('/'))
        {
            if (sourceRoot is null)
            {
                throw new ArgumentException($"The absolute pattern '{pattern}' needs the source root to be known.", nameof(pattern));
            }

            if (sourceRoot != "/")
            {
                if (p == sourceRoot)
                {
                    p = "/";
                }
                else if (p.StartsWith(sourceRoot + "/", StringComparison.Ordinal))
                {
                    p = p[sourceRoot.Length..];
                }
                else
                {
                    throw new ArgumentException($"The pattern '{pattern}' is outside the source root '{sourceRoot}' and can never match.", nameof(pattern));
                }
            }
        }
        else if (!p.StartsWith("**", StringComparison.Ordinal))
        {
            while (p.StartsWith("./", StringComparison.Ordinal))
            {
                p = p[2..];
            }

            p = p == "." ? "/" : "/" + p;
        }

        return new GlobPattern(pattern, p, directoryOnly);
    }

    /// <summary>Whether the pattern matches the path itself or one of its ancestors.</summary>
    /// <param name="subject"><c>"/" + relative path</c>.</param>
    /// <param name="isDirectory">Whether the path is a directory (patterns ending in <c>/</c> match only directories).</param>
    public bool Matches(string subject, bool isDirectory)
    {
        if (_matchesAll)
        {
            return true; // "/" names the root, and everything is beneath the root
        }

        if (_exact!.IsMatch(subject))
        {
            return isDirectory || !_directoryOnly;
        }

        // Anything beneath a matched directory is matched too (a matched ancestor is a directory).
        return _ancestor!.IsMatch(subject);
    }

    /// <summary>Whether something beneath this directory could match (so an include rule makes it traversed).</summary>
    /// <param name="segments">The directory's relative path split at <c>/</c>.</param>
    public bool MayMatchBeneath(string[] segments)
    {
        int n = Math.Min(segments.Length, _segments.Length);
        for (int i = 0; i < n; i++)
        {
            Regex? segment = _segments[i];
            if (segment is null)
            {
                return true;
            }

            if (!segment.IsMatch(segments[i]))
            {
                return false;
            }
        }

        return segments.Length < _segments.Length;
    }

    /// <summary>Translates glob syntax to a regular expression body.</summary>
    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder(glob.Length * 2);
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < glob.Length && glob[i + 1] == '*')
                    {
                        while (i + 1 < glob.Length && glob[i + 1] == '*')
                        {
                            i++;
                        }

                        sb.Append(".*");
                    }
                    else
                    {
                        sb.Append("[^/]*");
                    }

                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < glob.Length:
                    i++;
                    sb.Append(Regex.Escape(glob[i].ToString()));
                    break;
                case '[':
                    i = AppendClass(glob, i, sb);
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Appends a <c>[...]</c> class starting at <paramref name="start"/>; returns the index of its <c>]</c>.</summary>
    private static int AppendClass(string glob, int start, StringBuilder sb)
    {
        int j = start + 1;
        bool negated = j < glob.Length && (glob[j] == '!' || glob[j] == '^');
        if (negated)
        {
            j++;
        }

        int contentStart = j;
        if (j < glob.Length && glob[j] == ']')
        {
            j++; // a leading ] is a member, not the end
        }

        while (j < glob.Length && glob[j] != ']')
        {
            j++;
        }

        if (j >= glob.Length || j == contentStart)
        {
            sb.Append(@"\[");
            return start;
        }

        sb.Append(negated ? "[^/" : "[");
        foreach (char m in glob.AsSpan(contentStart, j - contentStart))
        {
            if (m is '\\' or '[' or ']' or '^')
            {
                sb.Append('\\');
            }

            sb.Append(m);
        }

        sb.Append(']');
        return j;
    }
}
