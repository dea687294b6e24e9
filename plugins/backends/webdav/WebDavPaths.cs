using System.Text;

namespace Cairn.Plugins.WebDav;

/// <summary>
/// Turns object names into request URLs and multistatus hrefs back into names. Each path segment is
/// percent-encoded on its own, so <c>#</c>, <c>?</c>, <c>%</c> and <c>\</c> in a name stay part of the name;
/// hrefs are decoded segment by segment, whichever characters the server chose to encode.
/// </summary>
internal sealed class WebDavPaths
{
    private readonly string _origin;
    private readonly string[] _root;
    private readonly string _encodedRoot;

    public WebDavPaths(Uri origin, IReadOnlyList<string> rootSegments)
    {
        _origin = origin.GetLeftPart(UriPartial.Authority);
        _root = [.. rootSegments];
        var builder = new StringBuilder();
        foreach (var segment in _root)
        {
            builder.Append('/').Append(Uri.EscapeDataString(segment));
        }

        _encodedRoot = builder.ToString();
    }

    /// <summary>The URL of the store's root as if it were an object (no trailing slash); the server's root when the store has no path.</summary>
    public Uri Root() => new(_origin + (_encodedRoot.Length == 0 ? "/" : _encodedRoot));

    /// <summary>The URL of a (validated) object name, or of the root for the empty name.</summary>
    public Uri Object(string name) => new(_origin + Encode(name, collection: false));

    /// <summary>The URL of a folder (with a trailing slash, as MKCOL and PROPFIND of collections expect); the root for the empty name.</summary>
    public Uri Collection(string folder) => new(_origin + Encode(folder, collection: true));

    /// <summary>The folder names that must exist before an object <paramref name="name"/> can be written, outermost first, starting with the root's own path.</summary>
    public IEnumerable<string> FoldersToCreate(string name)
    {
        // The root's folders, as names relative to the server: marked with a leading '/' to tell them apart.
        var prefix = new StringBuilder();
        foreach (var segment in _root)
        {
            prefix.Append('/').Append(segment);
            yield return prefix.ToString();
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        while (slash > 0)
        {
            yield return name[..slash];
            slash = name.IndexOf('/', slash + 1);
        }
    }

    /// <summary>The URL of a folder returned by <see cref="FoldersToCreate"/>.</summary>
    public Uri FolderToCreate(string folder) =>
        folder.StartsWith('/') ? new Uri(_origin + EncodeSegments(folder.Split('/', StringSplitOptions.RemoveEmptyEntries), collection: true)) : Collection(folder);

    /// <summary>
    /// The object name an href stands for, relative to the store's root; <see langword="null"/> when the href
    /// lies outside the root or cannot be decoded. The root itself is the empty name.
    /// </summary>
    public string? NameOf(string href)
    {
        var path = href;
        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var pathStart = path.IndexOf('/', schemeEnd + 3);
            path = pathStart < 0 ? "/" : path[pathStart..];
        }

        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path[..query];
        }

        string[] segments;
        try
        {
            segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (segments.Length < _root.Length)
        {
            return null;
        }

        for (var i = 0; i < _root.Length; i++)
        {
            if (!string.Equals(segments[i], _root[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return string.Join('/', segments.Skip(_root.Length));
    }

    private string Encode(string name, bool collection) =>
        _encodedRoot + EncodeSegments(name.Length == 0 ? [] : name.Split('/'), collection);

    private static string EncodeSegments(IEnumerable<string> segments, bool collection)
    {
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append('/').Append(Uri.EscapeDataString(segment));
        }

        if (collection || builder.Length == 0)
        {
            builder.Append('/');
        }

        return builder.ToString();
    }
}
