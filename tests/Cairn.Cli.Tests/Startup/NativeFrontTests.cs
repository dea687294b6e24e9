using Cairn.Testing;

namespace Cairn.Cli.Tests.Startup;

/// <summary>
/// The native front (dist/cairn) hands every command but rdiff to the .NET command beside it with exec. When that file
/// is a copy of the front itself (what an interrupted or concurrent ./build.sh once left), the front used to exec
/// itself for ever at full CPU; it now stops with one line.
/// </summary>
public sealed class NativeFrontTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-front");

    public void Dispose() => _directory.Dispose();

    private static string Front
    {
        get
        {
            var front = CairnProcess.Executable;
            Assert.True(CairnProcess.DotnetExecutable != front, "dist/cairn has no native front: build.sh found no C toolchain (test.sh installs gcc)");
            return front;
        }
    }

    [Fact]
    public async Task A_front_whose_dotnet_command_is_another_front_stops_with_one_line()
    {
        var front = Path.Combine(_directory.Path, "cairn");
        File.Copy(Front, front);
        File.Copy(Front, Path.Combine(_directory.Path, "cairn-cli"));

        var (exitCode, _, error) = await CairnProcess.RunAsync(["status", "--target", _directory.Path], timeout: TimeSpan.FromSeconds(30), executable: front);

        Assert.Equal(1, exitCode);
        Assert.Equal($"cairn: {Path.Combine(_directory.Path, "cairn-cli")} is not the .NET command but another copy of this front (an interrupted or concurrent ./build.sh?); run ./build.sh again.", error.Trim());
    }

    [Fact]
    public async Task A_process_that_inherits_the_marker_from_another_runs_as_usual()
    {
        // A cairn started by a process that cairn started (a hook, a script) inherits the variable with another id.
        var (exitCode, output, error) = await CairnProcess.RunAsync(["version"], new Dictionary<string, string> { ["CAIRN_FRONT_EXEC_PID"] = "1" }, executable: Front);

        Assert.True(exitCode == 0, error);
        Assert.Contains("cairn", output, StringComparison.OrdinalIgnoreCase);
    }
}
