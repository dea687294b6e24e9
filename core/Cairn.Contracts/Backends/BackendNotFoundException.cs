namespace Cairn.Contracts.Backends;

/// <summary>The object (or the store's root) does not exist.</summary>
public class BackendNotFoundException : BackendException
{
    /// <summary>Creates the exception for the object <paramref name="name"/>.</summary>
    public BackendNotFoundException(string name, Exception? innerException = null)
        : base($"Not found: {name}", isTransient: false, innerException)
    {
        Name = name;
    }

    /// <summary>The name that was not found.</summary>
    public string Name { get; }
}
