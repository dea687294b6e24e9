using Cairn.Engine.Backup;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using CairnProcess = Cairn.Testing.CairnProcess;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary><c>cairn list --path</c>: a subtree of a backup, and an error for a path the backup does not hold.</summary>
public class ListPathTests
{
    [Fact]
    public async Task Only_the_given_paths_and_what_is_beneath_them_are_listed()
    {
        using var target = new TestTarget("cairn-list-path");
        Shell.Run("mkdir -p docs/2024 docs2 music; echo a > docs/a; echo b > docs/2024/b; echo c > docs2/c; echo d > music/d; echo e > docs.txt", target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];

        var list = await CairnProcess.RunAsync(["list", "--path", "docs", "--path", "music/d", .. where], environment);
        Assert.True(list.ExitCode == 0, list.Error);
        var paths = list.Output.TrimEnd().Split('\n').Skip(1).Select(line => line[(line.LastIndexOf(' ') + 1)..]);
        Assert.Equal(["docs", "docs/2024", "docs/2024/b", "docs/a", "music/d"], paths);

        var missing = await CairnProcess.RunAsync(["list", "--path", "docs/nope", .. where], environment);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("cairn: Not in the backup full-", missing.Error, StringComparison.Ordinal);
        Assert.EndsWith(": docs/nope.", missing.Error.Trim(), StringComparison.Ordinal);
    }
}
