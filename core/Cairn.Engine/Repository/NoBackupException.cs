namespace Cairn.Engine.Repository;

/// <summary>
/// No backup answers what was asked: the target holds none, or none as old as the time asked for (the
/// message names the earliest). Nothing is wrong with the target; the command cannot go on.
/// </summary>
public sealed class NoBackupException : InvalidOperationException
{
    /// <summary>
    /// What is said of a target that holds nothing at all: a typo in its URL looks the same (a folder that does not
    /// exist lists nothing), and "no complete backup" would send the user looking for backups that were lost.
    /// </summary>
    public const string EmptyTargetMessage = "Nothing is stored at this target: no backup was made to it, or the URL is not the one the backups went to.";

    /// <summary>Creates the exception with a default message.</summary>
    public NoBackupException()
        : base("The target holds no complete backup.")
    {
    }

    /// <summary>Creates the exception with a message saying what is missing.</summary>
    public NoBackupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public NoBackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
