using System.Diagnostics;
using System.Net.Sockets;

namespace Cairn.Testing.Servers;

/// <summary>
/// A server the tests started: its output is kept (the last lines go into error messages), readiness is
/// "accepts TCP connections on its port", and disposing kills it with its children.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 5000;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>What the server is, for messages: <c>sshd on 127.0.0.1:40123</c>.</summary>
    public string Description { get; }

    /// <summary>The server's last lines of output (stdout and stderr), for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output.TakeLast(60));
            }
        }
    }

    /// <summary>How many of the last few thousand lines of output contain <paramref name="text"/>.</summary>
    public int CountLines(string text)
    {
        lock (_output)
        {
            return _output.Count(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Starts <paramref name="fileName"/> and waits until it accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">The program is missing, exits, or does not listen in time; the message has its output.</exception>
    public static async Task<ServerProcess> StartAsync(string fileName, IEnumerable<string> arguments, int port, string description, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = RedirectedStart.For(fileName, arguments, environment);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {description}: {fileName}: {e.Message}. Run ./test.sh, which installs the test servers.", e);
        }

        var server = new ServerProcess(process, description);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"{description} exited with code {process.ExitCode} while starting:{Environment.NewLine}{server.RecentOutput}");
            }

            if (await AcceptsConnectionsAsync(port).ConfigureAwait(false))
            {
                return server;
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"{description} did not listen on port {port} within {timeout.TotalSeconds} s:{Environment.NewLine}{server.RecentOutput}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server and its children, and waits for them to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Left to the operating system.
        }

        _process.Dispose();
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
