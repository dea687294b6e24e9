using System.Diagnostics;

namespace Cairn.Engine.Tests.FileSystem;

/// <summary>A scratch directory removed with everything in it (immutable flags aside) when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <param name="prefix">The start of the folder's name.</param>
    /// <param name="parent">Where to make it (for a particular filesystem); the system temp folder by default.</param>
    public TempDirectory(string? prefix = null, string? parent = null)
    {
        Path = parent is null
            ? Directory.CreateTempSubdirectory(prefix ?? "cairn-fs-").FullName
            : Directory.CreateDirectory(System.IO.Path.Combine(parent, (prefix ?? "cairn-fs-") + Guid.NewGuid().ToString("N"))).FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        // rm copes with odd names, read-only directories and special files that Directory.Delete trips on.
        Shell.Run($"chmod -R u+rwx '{Path}' 2>/dev/null; rm -rf '{Path}'");
    }
}

/// <summary>Runs bash scripts for the test trees (odd byte names, xattrs, ACLs, devices need the real tools).</summary>
internal static class Shell
{
    public static string Run(string script, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "/",
        };
        psi.ArgumentList.Add("-euo");
        psi.ArgumentList.Add("pipefail");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bash failed ({process.ExitCode}): {script}\n{stderr}");
        }

        return stdout.Result;
    }

    public static bool IsRoot => Environment.UserName == "root" || Run("id -u").Trim() == "0";
}
