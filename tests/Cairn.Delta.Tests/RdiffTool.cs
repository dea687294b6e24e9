using System.Diagnostics;
using Cairn.Testing;

namespace Cairn.Delta.Tests;

/// <summary>Runs the reference implementation, librsync's <c>rdiff</c>. A missing rdiff fails the test (test.sh installs it).</summary>
internal static class RdiffTool
{
    private static readonly Lazy<string> Path = new(Locate);

    public static void Run(params string[] arguments) => RunPiped([], arguments);

    /// <summary>Runs rdiff with <paramref name="input"/> on its standard input; returns its standard output.</summary>
    public static byte[] RunPiped(byte[] input, params string[] arguments)
    {
        using var process = Process.Start(RedirectedStart.For(Path.Value, arguments))!;
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        reading.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rdiff {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        return output.ToArray();
    }

    /// <summary>rdiff's arguments for a signature with these parameters.</summary>
    public static string[] SignatureOptions(SignatureParameters p) =>
    [
        "-f",
        "-b", p.BlockLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-S", p.StrongSumLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-H", p.StrongSum == StrongSumAlgorithm.Md4 ? "md4" : "blake2",
        "-R", p.WeakSum == WeakSumAlgorithm.Rollsum ? "rollsum" : "rabinkarp",
    ];

    private static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = System.IO.Path.Combine(directory, "rdiff");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: the reference tool is required)" : string.Empty;
        throw new InvalidOperationException($"rdiff (librsync 2.3) is not installed{ci}; install the Debian package 'rdiff' or run ./test.sh.");
    }
}
