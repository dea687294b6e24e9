using System.Diagnostics;

namespace Cairn.Testing;

/// <summary>
/// Runs the published <c>dist/cairn</c> as a child process (test.sh builds dist/ before the tests): the native
/// front, which runs <c>rdiff</c> itself and execs <c>dist/cairn-cli</c> for the rest, or, built without a C
/// toolchain, the .NET command itself.
/// </summary>
public static class CairnProcess
{
    /// <summary><c>dist/cairn</c>, what users run.</summary>
    public static string Executable
    {
        get
        {
            var cairn = Path.Combine(DistDirectory, "cairn");
            Assert.True(File.Exists(cairn), $"{cairn} is missing: run ./build.sh (test.sh does) before these tests");
            return cairn;
        }
    }

    /// <summary>The .NET command: <c>dist/cairn-cli</c> beside the native front, or <c>dist/cairn</c> when there is no front.</summary>
    public static string DotnetExecutable
    {
        get
        {
            var cli = Path.Combine(DistDirectory, "cairn-cli");
            return File.Exists(cli) ? cli : Executable;
        }
    }

    private static string DistDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                directory = directory.Parent;
            }

            Assert.True(directory is not null, "cannot find the repository root (Toolkit.sln) above the test binaries");
            return Path.Combine(directory!.FullName, "dist");
        }
    }

    /// <summary>Starts <paramref name="executable"/> (default <see cref="Executable"/>) with every stream redirected.</summary>
    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? executable = null)
    {
        return Process.Start(RedirectedStart.For(executable ?? Executable, arguments, environment))!;
    }

    /// <summary>Runs <paramref name="executable"/> (default <see cref="Executable"/>) to its end, or kills it after <paramref name="timeout"/> (default 3 minutes).</summary>
    /// <exception cref="TimeoutException">It did not finish in time.</exception>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? executable = null)
    {
        using var process = Start(arguments, environment, executable);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cairn {string.Join(' ', arguments)} did not finish in time");
        }

        return (process.ExitCode, await output, await error);
    }
}
