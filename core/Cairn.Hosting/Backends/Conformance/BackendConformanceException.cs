namespace Cairn.Hosting.Backends.Conformance;

/// <summary>A backend did not behave as the <see cref="Cairn.Contracts.Backends.IBackend"/> contract requires.</summary>
public sealed class BackendConformanceException : Exception
{
    /// <summary>Creates the exception with a message that says what was expected and what happened.</summary>
    public BackendConformanceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
