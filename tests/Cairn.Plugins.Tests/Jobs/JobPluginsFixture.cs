using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Jobs;

/// <summary>The real built plugins plus the local backend, copied once into a dist/plugins-like folder.</summary>
public sealed class JobPluginsFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public JobPluginsFixture()
    {
        BuiltPlugins.CopyTo(Root);
        BuiltPlugins.CopyDirectory(RepoPaths.PluginOutput("backends/local"), Path.Combine(Root, "local"));
    }

    public string Root => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
