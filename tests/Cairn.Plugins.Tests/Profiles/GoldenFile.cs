using System.Runtime.CompilerServices;

namespace Cairn.Plugins.Tests.Profiles;

/// <summary>
/// Compares text with a checked-in golden file. On a difference (or a missing golden) it writes the actual
/// text beside it as <c>NAME.received</c> for review and fails; it never rewrites the golden file itself.
/// </summary>
internal static class GoldenFile
{
    public static string Folder([CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "golden");

    public static void AssertMatches(string goldenPath, string actual)
    {
        var received = Path.ChangeExtension(goldenPath, ".received");
        var expected = File.Exists(goldenPath) ? File.ReadAllText(goldenPath) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No golden file {goldenPath}; the actual output is in {received}:\n{actual}"
            : $"Output differs from {goldenPath} (actual output in {received}).\nexpected:\n{expected}\nactual:\n{actual}");
    }
}
