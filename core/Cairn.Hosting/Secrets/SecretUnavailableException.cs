namespace Cairn.Hosting.Secrets;

/// <summary>
/// A secret that a job needs cannot be had: its variable is unset with no terminal to ask on, its file cannot
/// be read, or it is empty. The message says what to set; it never contains the secret.
/// </summary>
public class SecretUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SecretUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SecretUnavailableException()
        : base("A secret is needed but none is available.")
    {
    }
}
