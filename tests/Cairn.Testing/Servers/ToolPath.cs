using System.Net;
using System.Net.Sockets;

namespace Cairn.Testing.Servers;

/// <summary>Finding the external programs the tests run, and ports for the servers they start.</summary>
public static class ToolPath
{
    /// <summary>The full path of <paramref name="program"/> on <c>PATH</c>, or null when it is not installed.</summary>
    public static string? Find(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
