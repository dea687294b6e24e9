namespace Cairn.Contracts.Backends;

/// <summary>The store refused the credentials, or the server's identity could not be verified (an unknown host key).</summary>
public class BackendAuthenticationException : BackendException
{
    /// <summary>Creates the exception. The message must not contain the credentials.</summary>
    public BackendAuthenticationException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }
}
