namespace Cairn.Testing.Servers;

/// <summary>Finds the repository's root folder (the one holding Toolkit.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    /// <summary>The root's absolute path.</summary>
    /// <exception cref="InvalidOperationException">No parent folder holds Toolkit.sln.</exception>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Toolkit.sln.");
    }
}
