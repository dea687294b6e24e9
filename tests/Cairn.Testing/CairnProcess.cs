using System.Diagnostics;

namespace Cairn.Testing;

/// <summary>Runs the published <c>dist/cairn</c> as a child process (test.sh builds dist/ before the tests).</summary>
public static class CairnProcess
{
    public static string Executable
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                directory = directory.Parent;
            }

            Assert.True(directory is not null, "cannot find the repository root (Toolkit.sln) above the test binaries");
            var cairn = Path.Combine(directory!.FullName, "dist", "cairn");
            Assert.True(File.Exists(cairn), $"{cairn} is missing: run ./build.sh (test.sh does) before these tests");
            return cairn;
        }
    }

    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment);
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
