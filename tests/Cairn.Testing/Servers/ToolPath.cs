namespace Cairn.Testing.Servers;

/// <summary>Finding the external programs the tests run (free ports: <see cref="FreePort"/>).</summary>
public static class ToolPath
{
    /// <summary>The full path of <paramref name="program"/> on <c>PATH</c>, or null when it is not installed.</summary>
    public static string? Find(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
