using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cairn.Testing.Servers;

/// <summary>
/// A real WebDAV server for tests: <c>rclone serve webdav</c> (Debian package rclone, which <c>./test.sh</c>
/// installs) on 127.0.0.1 and a free port, serving a fresh temporary folder. Used as an xunit class fixture.
/// Without rclone the fixture fails with a message saying so: the tests never skip.
/// </summary>
public class RcloneWebDavServer : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private readonly string _root = Directory.CreateTempSubdirectory("cairn-webdav-").FullName;
    private Process? _process;

    /// <summary>The user the server demands, or null when it accepts anyone.</summary>
    public virtual string? User => null;

    /// <summary>The password the server demands, or null.</summary>
    public virtual string? Password => null;

    /// <summary>The port the server listens on, once started.</summary>
    public int Port { get; private set; }

    /// <summary>The folder the server serves.</summary>
    public string RootDirectory => _root;

    /// <summary>A <c>webdav://</c> URL for a new, not yet existing folder on the server, so each test gets an empty store.</summary>
    public Uri NewStoreUrl() => new($"webdav://127.0.0.1:{Port}/store-{Guid.NewGuid():N}");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var rclone = ToolPath.Find("rclone")
            ?? throw new InvalidOperationException("rclone is not installed (Debian package rclone; ./test.sh installs it): the WebDAV tests need `rclone serve webdav`.");
        Port = FreePort.Next();
        var start = new ProcessStartInfo(rclone)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "serve", "webdav", RootDirectory, "--addr", $"127.0.0.1:{Port}", "--config", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        if (User is not null)
        {
            // Through the environment, not the command line, which every user of the machine can read.
            start.Environment["RCLONE_USER"] = User;
            start.Environment["RCLONE_PASS"] = Password;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("rclone serve webdav did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rclone serve webdav exited with code {_process.ExitCode} before listening: {Log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"rclone serve webdav did not listen on port {Port} within 30 s: {Log}", e);
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 64 * 1024)
            {
                _log.AppendLine(line);
            }
        }
    }
}
