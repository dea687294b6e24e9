namespace Cairn.Contracts.Backends;

/// <summary>
/// A store operation failed. Subclasses say why; <see cref="IsTransient"/> says whether the same call
/// may succeed if retried (a timeout, a dropped connection, a 503), which the engine uses to decide
/// between backing off and giving up.
/// </summary>
public class BackendException : IOException
{
    /// <summary>Creates the exception.</summary>
    public BackendException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when retrying the same call can help.</summary>
    public bool IsTransient { get; }
}
