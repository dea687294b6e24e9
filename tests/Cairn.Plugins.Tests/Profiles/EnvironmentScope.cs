namespace Cairn.Plugins.Tests.Profiles;

/// <summary>
/// Sets an environment variable for one test and restores it. Tests that use it are in the
/// non-parallel "environment" collection, since the environment is shared by the whole process.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public EnvironmentScope(string name, string? value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}
