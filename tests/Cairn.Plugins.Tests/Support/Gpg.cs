using System.Diagnostics;

namespace Cairn.Plugins.Tests.Support;

/// <summary>
/// The real GnuPG, in a throw-away home directory. Missing gpg fails the test (test.sh installs the
/// Debian gnupg package; CI=true runs must have it).
/// </summary>
public sealed class Gpg : IDisposable
{
    public Gpg()
    {
        if (!File.Exists("/usr/bin/gpg"))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true)" : string.Empty;
            throw new InvalidOperationException($"gpg is not installed{ci}: apt-get install gnupg (./test.sh does)");
        }

        // gpg-agent's socket path must stay short, so the home lives directly under /tmp.
        Home = Directory.CreateTempSubdirectory("gpg-").FullName;
        File.SetUnixFileMode(Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Home { get; }

    /// <summary>Runs gpg in batch mode with loopback pinentry; returns stdout; throws with stderr on failure.</summary>
    public byte[] Run(string passphrase, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/gpg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--batch", "--no-tty", "--homedir", Home, "--pinentry-mode", "loopback", "--passphrase", passphrase }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gpg {string.Join(' ', args)} did not finish in 2 minutes");
        }

        copy.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.ToArray();
    }

    /// <summary>The fingerprint of the primary key of <paramref name="email"/>.</summary>
    public string Fingerprint(string email)
    {
        var listing = System.Text.Encoding.UTF8.GetString(Run(string.Empty, "--with-colons", "--list-keys", email));
        var line = listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal));
        return line.Split(':')[9];
    }

    public void Dispose()
    {
        try
        {
            Process.Start("/usr/bin/gpgconf", ["--homedir", Home, "--kill", "gpg-agent"])?.WaitForExit(10_000);
            Directory.Delete(Home, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Best effort: the agent may still hold its socket for a moment.
        }
    }
}
