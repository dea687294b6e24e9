namespace Cairn.Contracts.Backends;

/// <summary>The store has no room or the quota is used up.</summary>
public class BackendFullException : BackendException
{
    /// <summary>Creates the exception.</summary>
    public BackendFullException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }
}
