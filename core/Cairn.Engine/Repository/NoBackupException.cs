namespace Cairn.Engine.Repository;

/// <summary>
/// No backup answers what was asked: the target holds none, or none as old as the time asked for (the
/// message names the earliest). Nothing is wrong with the target; the command cannot go on.
/// </summary>
public sealed class NoBackupException : InvalidOperationException
{
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
