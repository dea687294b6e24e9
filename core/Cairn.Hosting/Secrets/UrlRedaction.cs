namespace Cairn.Hosting.Secrets;

/// <summary>
/// Takes the password out of a URL before a message shows it: <c>sftp://backup:PW@nas/srv</c> is shown as
/// <c>sftp://backup@nas/srv</c>. It works on text, not on <see cref="Uri"/>, because the URLs that most need
/// it are the ones that do not parse (a bad port, a stray character) and are quoted back in the error.
/// </summary>
public static class UrlRedaction
{
    /// <summary>
    /// Returns <paramref name="url"/> without what follows the first ':' of its user information, or as it
    /// is when it has no password. The user information is what sits between <c>://</c> and the last '@'
    /// of the authority. In text that does not parse as a URL, the authority's end cannot be trusted, since a
    /// password may hold any character ('/' is common in generated ones): the last '@' of the whole text is
    /// taken instead, which may hide more than the password but never shows it.
    /// </summary>
    /// <param name="url">A URL, valid or not, or any other text.</param>
    public static string WithoutPassword(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }

        var start = schemeEnd + 3;
        var rest = url.AsSpan(start);
        if (Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            var authorityEnd = rest.IndexOfAny('/', '?', '#');
            rest = authorityEnd < 0 ? rest : rest[..authorityEnd];
        }

        var at = rest.LastIndexOf('@');
        var colon = at < 0 ? -1 : rest[..at].IndexOf(':');
        return colon < 0 ? url : string.Concat(url.AsSpan(0, start + colon), url.AsSpan(start + at));
    }
}
