using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Jobs;

/// <summary>The real built plugins plus the local and webdav backends, copied once into a dist/plugins-like folder.</summary>
public sealed class JobPluginsFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public JobPluginsFixture()
    {
        BuiltPlugins.CopyTo(Root);
        BuiltPlugins.CopyDirectory(RepoPaths.PluginOutput("backends/local"), Path.Combine(Root, "local"));
        BuiltPlugins.CopyDirectory(RepoPaths.PluginOutput("backends/webdav"), Path.Combine(Root, "webdav"));
    }

    public string Root => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
