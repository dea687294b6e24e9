namespace Cairn.Hosting.Profiles;

/// <summary>A profile's <c>target:</c> block: where backups are stored.</summary>
/// <param name="Backend">
/// The backend plugin id, for example <c>local</c> or <c>sftp</c>, or <see langword="null"/> when none is written:
/// the installed plugin that takes the URL's scheme is used then (see <see cref="Plugins.BackendSchemes"/>).
/// </param>
/// <param name="Url">The store's URL; a path in the profile becomes a <c>file:</c> URL.</param>
/// <param name="Options">
/// The block's <c>options</c>, as strings, passed to the plugin. Secrets appear only as references:
/// <c>NAME-env</c> (a variable) or <c>NAME-file</c> (an absolute path).
/// </param>
/// <param name="BackendLocation">Where the backend id was written, or <see langword="null"/> when none was (or it came from a flag).</param>
/// <param name="UrlLocation">Where the URL was written, or <see langword="null"/> for a URL from a flag.</param>
public sealed record ProfileTarget(
    string? Backend,
    Uri Url,
    IReadOnlyDictionary<string, string> Options,
    ProfileLocation? BackendLocation = null,
    ProfileLocation? UrlLocation = null);
