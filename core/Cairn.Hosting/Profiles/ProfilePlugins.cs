namespace Cairn.Hosting.Profiles;

/// <summary>A profile's <c>plugins:</c> block.</summary>
/// <param name="Paths">Extra folders searched for plugins (absolute), after the default ones.</param>
public sealed record ProfilePlugins(IReadOnlyList<string> Paths)
{
    /// <summary>No extra folders.</summary>
    public static ProfilePlugins Default { get; } = new([]);
}
