using System.Net;
using System.Net.Sockets;

namespace Cairn.Testing.Servers;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server, which can cut every connection going through it at once
/// (with a reset, as a crashed server or a dropped link does) while still accepting new ones: a client
/// that reconnects reaches the server again.
/// </summary>
public sealed class DroppingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;

    /// <summary>Starts forwarding connections on a free port to <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public DroppingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections the proxy accepted so far.</summary>
    public int Connections { get; private set; }

    /// <summary>Resets every connection open now, both sides.</summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }

            _open.Clear();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        DropAll();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
                Connections++;
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side was dropped or closed: the other is closed by DropAll or by its owner.
        }
    }
}
