using System.Text.Json;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A name that is not UTF-8 cannot be a JSON string: the JSON outputs give it decoded (U+FFFD for the bytes that are
/// not UTF-8) and, beside it, as <c>list</c> prints it, which a script can hand back to <c>restore --path</c>.
/// </summary>
public sealed class JsonNamesTests
{
    [Fact]
    public async Task A_name_that_is_not_utf8_comes_with_its_escaped_form_which_restores_it()
    {
        using var target = new TestTarget("cairn-json-names");
        Shell.Run("mkdir d; printf latin1 > d/$'caf\\xe9.txt'; ln -s $'caf\\xe9.txt' d/link; printf plain > d/plain.txt", target.SourceDirectory);
        var environment = new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };
        string[] where = ["--target", $"file://{target.StoreDirectory}", "--cache-dir", target.CacheDirectory];
        var backup = await CairnProcess.RunAsync(["backup", "--source", target.SourceDirectory, .. where], environment);
        Assert.True(backup.ExitCode == 0, backup.Error);

        var list = await CairnProcess.RunAsync(["list", "--json", .. where], environment);
        Assert.True(list.ExitCode == 0, list.Error);
        using var json = JsonDocument.Parse(list.Output);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
        var cafe = entries["d/caf\uFFFD.txt"];
        Assert.Equal(@"d/caf\xe9.txt", cafe.GetProperty("pathEscaped").GetString());
        var link = entries["d/link"];
        Assert.Equal("caf\uFFFD.txt", link.GetProperty("target").GetString());
        Assert.Equal(@"caf\xe9.txt", link.GetProperty("targetEscaped").GetString());
        Assert.False(entries["d/plain.txt"].TryGetProperty("pathEscaped", out _), "a UTF-8 name has no second form");
        Assert.False(link.TryGetProperty("pathEscaped", out _), "the link's own name is UTF-8");

        var restored = target.NewDirectory("restored");
        var restore = await CairnProcess.RunAsync(["restore", .. where, "--path", cafe.GetProperty("pathEscaped").GetString()!, restored], environment);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.Equal("latin1", Shell.Run("cat d/$'caf\\xe9.txt'", restored));

        Shell.Run("rm d/$'caf\\xe9.txt'", target.SourceDirectory);
        backup = await CairnProcess.RunAsync(["backup", "--source", target.SourceDirectory, .. where], environment);
        Assert.True(backup.ExitCode == 0, backup.Error);
        var diff = await CairnProcess.RunAsync(["diff", "--json", .. where], environment);
        Assert.True(diff.ExitCode == 0, diff.Error);
        using var changes = JsonDocument.Parse(diff.Output);
        var removed = Assert.Single(changes.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("change").GetString() == "removed");
        Assert.Equal(@"d/caf\xe9.txt", removed.GetProperty("pathEscaped").GetString());

        var history = await CairnProcess.RunAsync(["history", "--json", .. where, "d/link"], environment);
        Assert.True(history.ExitCode == 0, history.Error);
        using var versions = JsonDocument.Parse(history.Output);
        Assert.Equal(@"caf\xe9.txt", versions.RootElement.GetProperty("versions")[0].GetProperty("targetEscaped").GetString());

        Shell.Run("rm -rf d", restored); // names .NET's recursive delete cannot reach
        Shell.Run("rm -rf d", target.SourceDirectory);
    }
}
