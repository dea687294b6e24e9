using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Hosting;

/// <summary>The real built plugins, copied once into a dist/plugins-like folder shared by a test class.</summary>
public sealed class BuiltPluginsFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public BuiltPluginsFixture()
    {
        BuiltPlugins.CopyTo(Root);
    }

    public string Root => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
