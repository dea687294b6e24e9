namespace Cairn.Hosting.Profiles;

/// <summary>
/// A profile's <c>hooks:</c> block: shell commands run around each backup made from the profile (<c>cairn run</c>,
/// <c>cairn backup --profile</c>), as duply's pre and post scripts run around duplicity's: a database dump before, a
/// monitoring ping or an unmount after.
/// </summary>
/// <param name="Before">
/// Run before the backup, once the profile is read and the target opened, before the lock is taken. When it fails
/// (exits with anything but 0), no backup is made. <see langword="null"/>: none.
/// </param>
/// <param name="After">
/// Run after the backup (and, for <c>cairn run</c>, the retention), whatever came of it, a failed <see cref="Before"/>
/// included, with the command's exit code in <c>CAIRN_EXIT_CODE</c>. <see langword="null"/>: none.
/// </param>
/// <param name="Timeout">
/// How long each hook may run before it is stopped, with everything it started (a stopped <see cref="Before"/> is a
/// failed one); <see langword="null"/>: no limit, as a database dump may take hours.
/// </param>
public sealed record ProfileHooks(string? Before = null, string? After = null, TimeSpan? Timeout = null)
{
    /// <summary>No hooks.</summary>
    public static ProfileHooks None { get; } = new();
}
