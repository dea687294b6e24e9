using System.Net;
using System.Net.Sockets;

namespace Cairn.Testing.Servers;

/// <summary>Finds TCP ports nobody listens on, for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the kernel picked it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
