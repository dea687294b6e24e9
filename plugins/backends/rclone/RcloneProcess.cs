using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// One run of the rclone program. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no shell);
/// the config password goes through the environment, never the command line; standard input is either the
/// upload's content or closed at once, so rclone can never stop to ask a question.
/// </summary>
internal sealed class RcloneProcess : IDisposable
{
    private const int ErrorOutputLimit = 16 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Task _errorReader;

    private RcloneProcess(Process process)
    {
        _process = process;
        _errorReader = ReadErrorsAsync();
    }

    /// <summary>What rclone printed on its error output (the last part of it, when it printed much).</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>rclone's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>rclone's standard input, for <c>rcat</c>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Starts rclone with the target's common flags, then <paramref name="arguments"/>.</summary>
    /// <param name="target">The binary, config and flags to use.</param>
    /// <param name="keepInput">True to keep standard input open for content; otherwise it is closed at once.</param>
    /// <param name="arguments">The command and its arguments.</param>
    /// <exception cref="BackendException">The program cannot be started (not installed).</exception>
    public static RcloneProcess Start(RcloneTarget target, bool keepInput, params string[] arguments)
    {
        var start = new ProcessStartInfo(target.Binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -q: errors only; --retries 1: the host's ResilientBackend retries whole calls, rclone need not as well;
        // --ask-password=false: never wait for a config password on the terminal. The timeouts, and three
        // low-level retries instead of ten, bound a call to a server that stopped answering at minutes (with
        // rclone's defaults, 5-minute idle timeout times ten retries, one still ran after 50 minutes); the
        // profile's flags, added later, win over any of these.
        var timeout = target.TimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s";
        foreach (var flag in new[] { "-q", "--retries", "1", "--low-level-retries", "3", "--contimeout", timeout, "--timeout", timeout, "--ask-password=false" })
        {
            start.ArgumentList.Add(flag);
        }

        if (target.ConfigFile is not null)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(target.ConfigFile);
        }

        foreach (var flag in target.ExtraFlags)
        {
            start.ArgumentList.Add(flag);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (target.ConfigPassword is not null)
        {
            start.Environment["RCLONE_CONFIG_PASS"] = target.ConfigPassword.Text;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackendException($"Could not start {target.Binary}.");
        }
        catch (Win32Exception e)
        {
            throw new BackendException(
                $"Could not run \"{target.Binary}\" ({e.Message}): install rclone (Debian package rclone) or set option rclone-binary.", isTransient: false, e);
        }

        if (!keepInput)
        {
            process.StandardInput.Close();
        }

        return new RcloneProcess(process);
    }

    /// <summary>Waits for rclone to end and returns its exit code, once its error output is read.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        await _errorReader.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Reads all of standard output (at most <paramref name="limit"/> bytes) and waits for the end.</summary>
    /// <exception cref="BackendException">rclone printed more than <paramref name="limit"/> bytes.</exception>
    public async Task<(int ExitCode, byte[] Output)> RunToEndAsync(int limit, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await Output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (output.Length + read > limit)
            {
                Kill();
                throw new BackendException($"rclone printed more than {limit} bytes where a short answer was expected.");
            }

            output.Write(buffer, 0, read);
        }

        return (await WaitAsync(cancellationToken).ConfigureAwait(false), output.ToArray());
    }

    /// <summary>Stops rclone if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended by itself meanwhile.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task ReadErrorsAsync()
    {
        var reader = _process.StandardError;
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_errors)
            {
                _errors.Append(buffer, 0, read);
                if (_errors.Length > ErrorOutputLimit)
                {
                    _errors.Remove(0, _errors.Length - ErrorOutputLimit);
                }
            }
        }
    }
}
