using System.Diagnostics;

namespace Cairn.Testing.Servers;

/// <summary>Runs a command-line tool to completion, for set-up steps such as <c>ssh-keygen</c>.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="fileName"/> and returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">The tool is missing or exits with an error; the message has its output.</exception>
    public static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var info = RedirectedStart.For(fileName, arguments);

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{fileName} is not installed ({e.Message}). Run ./test.sh, which installs the test tools.", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed with code {process.ExitCode}: {await error.ConfigureAwait(false)}");
            }

            return await output.ConfigureAwait(false);
        }
    }
}
