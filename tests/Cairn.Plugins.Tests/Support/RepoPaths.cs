namespace Cairn.Plugins.Tests.Support;

/// <summary>Where the repository and its build outputs are, seen from the running test assembly.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests run under (Debug or Release), read from the test's own output path.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    /// <summary>The output folder of a plugin project under plugins/, built because this test project references it.</summary>
    public static string PluginOutput(string relativeProjectFolder) =>
        Path.Combine(Root, "plugins", relativeProjectFolder, "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toolkit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Toolkit.sln not found above {AppContext.BaseDirectory}");
    }
}
