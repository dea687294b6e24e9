namespace Cairn.Contracts;

/// <summary>
/// The version of the plugin contracts. A plugin's manifest records the version it was built
/// against; the host refuses a plugin whose version differs, with a message naming the plugin.
/// </summary>
public static class ContractsVersion
{
    /// <summary>The contracts version this assembly implements. Matches <c>CairnContractsVersion</c> in the build.</summary>
    public const int Current = 1;
}
