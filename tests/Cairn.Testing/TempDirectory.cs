namespace Cairn.Testing;

/// <summary>A folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder, named after <paramref name="purpose"/> and a random suffix.</summary>
    public TempDirectory(string purpose = "cairn-test")
    {
        Path = Directory.CreateTempSubdirectory(purpose + "-").FullName;
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Returns the path of a new, not yet created sub-folder with a unique name.</summary>
    public string NewSubdirectory(string prefix = "store") => System.IO.Path.Combine(Path, $"{prefix}-{Guid.NewGuid():N}");

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
