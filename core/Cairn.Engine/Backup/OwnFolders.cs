using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Backup;

/// <summary>
/// The folders of a backup's own making that its source may hold: the target's folder, when the backend keeps its
/// objects on this machine (<see cref="EngineContext.TargetFolder"/>), and the target's cache. A backup leaves them
/// out. Backing up the target would copy every earlier backup into the next one, with the lock and the uploads in
/// progress; backing up the cache would store the signatures a second time, changed by every run.
/// </summary>
internal sealed class OwnFolders
{
    private readonly Dictionary<ObjectIdentity, string> _reasons;

    private OwnFolders(Dictionary<ObjectIdentity, string> reasons) => _reasons = reasons;

    /// <summary>The identities to leave out of a scan.</summary>
    public IReadOnlyCollection<ObjectIdentity> Identities => _reasons.Keys;

    /// <summary>
    /// Finds the folders as they are now. Call it once the target's lock is taken, which makes the target's folder
    /// when it is new; a folder that does not exist cannot be in the source.
    /// </summary>
    /// <param name="context">The backup's context.</param>
    public static OwnFolders Of(EngineContext context)
    {
        var reasons = new Dictionary<ObjectIdentity, string>();
        if (context.TargetFolder is { } target && ObjectIdentity.Of(target) is { } targetIdentity)
        {
            reasons[targetIdentity] = "this backup's target folder";
        }

        if (ObjectIdentity.Of(context.CacheDirectory) is { } cacheIdentity)
        {
            reasons.TryAdd(cacheIdentity, "this target's cache");
        }

        return new OwnFolders(reasons);
    }

    /// <summary>Refuses a source that is one of the folders itself.</summary>
    /// <param name="source">The source folder.</param>
    /// <exception cref="ArgumentException">The source is the target's folder or the cache.</exception>
    public void CheckSource(string source)
    {
        if (ObjectIdentity.Of(source) is { } identity && _reasons.TryGetValue(identity, out var reason))
        {
            throw new ArgumentException($"The source folder {source} is {reason}: a backup cannot back up the folder it writes to.");
        }
    }

    /// <summary>What tells the user one folder was left out.</summary>
    /// <param name="relativePath">The folder's path in the source.</param>
    /// <param name="identity">The folder's identity, as the scan met it.</param>
    public LeftOutFolder Describe(string relativePath, ObjectIdentity identity) => new(relativePath, _reasons[identity]);
}
