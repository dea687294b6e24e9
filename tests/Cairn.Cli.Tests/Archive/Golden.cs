using System.Runtime.CompilerServices;

namespace Cairn.Cli.Tests.Archive;

/// <summary>
/// Approval by golden file: the output must equal <c>golden/NAME</c> beside this file. With
/// CAIRN_UPDATE_GOLDEN=1 the file is (re)written instead; review the diff before committing it.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "golden", name);
        if (Environment.GetEnvironmentVariable("CAIRN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No golden file {path}; run with CAIRN_UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            File.WriteAllText(path + ".received", actual);
        }

        Assert.Equal(expected, actual);
    }

    public static string RepositoryFile(string relative, [CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "../../..", relative));
}
