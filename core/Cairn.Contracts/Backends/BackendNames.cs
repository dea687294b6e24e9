using System.Text;

namespace Cairn.Contracts.Backends;

/// <summary>
/// The rules for object names that every backend enforces in the same way, so that a name valid on one
/// store is valid on all of them and can never reach outside a store's root.
/// </summary>
/// <remarks>
/// A valid name is non-empty and relative, uses <c>/</c> between segments, and has no empty, <c>.</c> or
/// <c>..</c> segment and no NUL character. Segments starting with <see cref="PartialUploadPrefix"/> are
/// reserved for uploads in progress, which listings hide.
/// </remarks>
public static class BackendNames
{
    /// <summary>Backends that upload to a temporary name and rename it give the temporary name this prefix.</summary>
    public const string PartialUploadPrefix = ".cairn-partial-";

    /// <summary>Checks an object name.</summary>
    /// <param name="name">The name to check.</param>
    /// <param name="parameterName">The caller's parameter name, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name breaks a rule; the message says which.</exception>
    public static void Validate(string name, string parameterName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        var problem = FindProblem(name);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid object name \"{Printable(name)}\": {problem}.", parameterName);
        }
    }

    /// <summary>
    /// Checks a listing prefix: empty (everything) or the start of a name. Every segment before the last
    /// must be a valid segment; the last may be partial.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException">The prefix can match no valid name; the message says why.</exception>
    public static void ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (prefix.Length == 0)
        {
            return;
        }

        string? problem = null;
        if (prefix.Contains('\0', StringComparison.Ordinal))
        {
            problem = "it contains a NUL character";
        }
        else if (prefix[0] == '/')
        {
            problem = "it starts with '/' (names are relative to the store's root)";
        }
        else
        {
            var lastSlash = prefix.LastIndexOf('/');
            if (lastSlash > 0)
            {
                problem = FindProblem(prefix[..lastSlash]);
            }
        }

        if (problem is not null)
        {
            throw new ArgumentException($"Invalid listing prefix \"{Printable(prefix)}\": {problem}.", parameterName);
        }
    }

    /// <summary>
    /// Checks the name of a partial upload (<see cref="IPartialUploads"/>): relative, with no empty, <c>.</c> or
    /// <c>..</c> segment and no NUL, like an object name, and with at least one segment that starts with
    /// <see cref="PartialUploadPrefix"/>: the upload itself (<c>dir/.cairn-partial-3fa2</c>) or a folder that holds
    /// uploads (<c>.cairn-partial-uploads/3fa2</c>). No object name has such a segment, so a backend that removes
    /// uploads by name and checks it first can never remove an object, nor reach outside the root.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is not a partial upload's; the message says why.</exception>
    public static void ValidatePartialUpload(string name, string parameterName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        var problem = FindPartialUploadProblem(name);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid partial upload name \"{Printable(name)}\": {problem}.", parameterName);
        }
    }

    /// <summary>
    /// Returns why <paramref name="name"/> is not a partial upload's name (see <see cref="ValidatePartialUpload"/>), or
    /// <see langword="null"/> when it is: a listing of partial uploads keeps only the names its removal accepts.
    /// </summary>
    public static string? FindPartialUploadProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindProblem(name, allowReserved: true)
            ?? (name.Split('/').Any(s => s.StartsWith(PartialUploadPrefix, StringComparison.Ordinal))
                ? null
                : $"no segment starts with '{PartialUploadPrefix}', so it names an object, not an upload");
    }

    /// <summary>Returns why <paramref name="name"/> is not a valid object name, or <see langword="null"/> when it is.</summary>
    public static string? FindProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindProblem(name, allowReserved: false);
    }

    private static string? FindProblem(string name, bool allowReserved)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character";
        }

        if (name[0] == '/')
        {
            return "it starts with '/' (names are relative to the store's root)";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "it has an empty segment ('//' or a trailing '/')";
            }

            if (segment is "." or "..")
            {
                return "'.' and '..' segments are not allowed";
            }

            if (!allowReserved && segment.StartsWith(PartialUploadPrefix, StringComparison.Ordinal))
            {
                return $"segments starting with '{PartialUploadPrefix}' are reserved for uploads in progress";
            }
        }

        return null;
    }

    /// <summary>True when the last segment of <paramref name="name"/> marks an upload in progress.</summary>
    public static bool IsPartialUpload(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lastSegment = name.AsSpan(name.LastIndexOf('/') + 1);
        return lastSegment.StartsWith(PartialUploadPrefix, StringComparison.Ordinal);
    }

    /// <summary>A form of a name safe to print in one line: control characters are escaped.</summary>
    public static string Printable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                builder.Append($"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
