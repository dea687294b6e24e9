namespace Cairn.Contracts.Backends;

/// <summary>
/// The target's root exists but is not a folder: the URL names a file, most likely mistyped. Left unchecked,
/// a listing of it finds nothing, and a command would report an empty target where the user meant another.
/// Not transient: no retry makes a file a folder.
/// </summary>
public class BackendRootNotAFolderException : BackendException
{
    /// <summary>Creates the exception for the target <paramref name="target"/>.</summary>
    /// <param name="target">The target as the user can recognize it (its URL or path), without a password.</param>
    /// <param name="innerException">What the store answered, if anything.</param>
    public BackendRootNotAFolderException(string target, Exception? innerException = null)
        : base($"The target {target} names a file, not a folder: give the folder that holds the backups (or is to hold them).", isTransient: false, innerException)
    {
        Target = target;
    }

    /// <summary>The target, as given to the constructor.</summary>
    public string Target { get; }
}
