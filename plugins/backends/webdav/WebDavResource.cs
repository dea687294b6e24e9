namespace Cairn.Plugins.WebDav;

/// <summary>One <c>response</c> of a PROPFIND multistatus: a file or a collection.</summary>
/// <param name="Href">The href as the server wrote it (percent-encoded).</param>
/// <param name="IsCollection">True for a folder.</param>
/// <param name="Length">getcontentlength, when the server gave it.</param>
/// <param name="LastModified">getlastmodified, when the server gave it and it parsed.</param>
internal sealed record WebDavResource(string Href, bool IsCollection, long? Length, DateTimeOffset? LastModified);
