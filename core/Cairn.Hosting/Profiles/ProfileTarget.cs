namespace Cairn.Hosting.Profiles;

/// <summary>A profile's <c>target:</c> block: where backups are stored.</summary>
/// <param name="Backend">The backend plugin id, for example <c>local</c> or <c>sftp</c>.</param>
/// <param name="Url">The store's URL; a path in the profile becomes a <c>file:</c> URL.</param>
/// <param name="Options">
/// The block's <c>options</c>, as strings, passed to the plugin. Secrets appear only as references:
/// <c>NAME-env</c> (a variable) or <c>NAME-file</c> (an absolute path).
/// </param>
/// <param name="BackendLocation">Where the backend id was written, or <see langword="null"/> when it came from the URL's scheme.</param>
public sealed record ProfileTarget(
    string Backend,
    Uri Url,
    IReadOnlyDictionary<string, string> Options,
    ProfileLocation? BackendLocation = null);
