namespace Cairn.Plugins.Tests.Profiles;

/// <summary>Tests that change process-wide environment variables run one at a time.</summary>
[CollectionDefinition("environment", DisableParallelization = true)]
public sealed class EnvironmentCollection
{
}
