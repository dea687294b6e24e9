using Cairn.Engine.Tests.FileSystem;
using CairnProcess = Cairn.Testing.CairnProcess; // not the namespace: its TempDirectory is not the file-system tests' one

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>cairn inspect</c>, <c>cairn archive list -f</c> and <c>cairn archive extract -f</c> given a directory or
/// a named pipe instead of an archive volume, through the published <c>dist/cairn</c>: one line naming the
/// path and what it is, the usage exit code, and no wait for a writer that never comes.
/// </summary>
public sealed class VolumeNotAFileTests : IDisposable
{
    private const int UsageExitCode = 2;

    // Far longer than the command takes, far shorter than CairnProcess's own limit: a hang fails quickly.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _work = new("cairn-volume-not-a-file-");

    public void Dispose() => _work.Dispose();

    public static TheoryData<string> VolumeReaders => ["inspect", "archive list", "archive extract"];

    [Theory]
    [MemberData(nameof(VolumeReaders))]
    public async Task A_named_pipe_is_refused_in_one_line_without_waiting_for_a_writer(string command)
    {
        Shell.Run("mkfifo pipe", _work.Path);

        var result = await RunAsync(command, _work["pipe"]);

        Assert.Equal(UsageExitCode, result.ExitCode);
        Assert.Equal($"cairn: {_work["pipe"]} is a named pipe, not a regular file\n", result.Error);
    }

    [Theory]
    [MemberData(nameof(VolumeReaders))]
    public async Task A_directory_is_refused_in_one_line(string command)
    {
        Directory.CreateDirectory(_work["folder"]);

        var result = await RunAsync(command, _work["folder"]);

        Assert.Equal(UsageExitCode, result.ExitCode);
        Assert.Equal($"cairn: {_work["folder"]} is a directory, not an archive file\n", result.Error);
    }

    [Fact]
    public async Task Inspect_refuses_standard_input_in_one_line()
    {
        var result = await CairnProcess.RunAsync(["inspect", "-"], timeout: HangLimit);

        Assert.Equal(UsageExitCode, result.ExitCode);
        Assert.Equal("cairn: '-' (standard input) cannot be read here: give the archive's file, which is read from its index at the end\n", result.Error);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string command, string volume)
    {
        string[] arguments = command switch
        {
            "inspect" => ["inspect", volume],
            "archive list" => ["archive", "list", "-f", volume],
            "archive extract" => ["archive", "extract", "-f", volume, "-C", _work["out"]],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a command that reads a volume"),
        };
        return CairnProcess.RunAsync(arguments, timeout: HangLimit);
    }
}
