namespace Cairn.Contracts.Backends;

/// <summary>A failure that may go away on retry: a timeout, a dropped connection, a throttling reply.</summary>
public class BackendTransientException : BackendException
{
    /// <summary>Creates the exception.</summary>
    public BackendTransientException(string message, Exception? innerException = null)
        : base(message, isTransient: true, innerException)
    {
    }
}
