using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Resilience;

/// <summary>A read through the host's retry wrapper while a proxy in front of the server cuts the connections.</summary>
internal static class DroppedConnections
{
    /// <summary>
    /// Writes an object through <paramref name="plugin"/> (which reaches its server through <paramref name="proxy"/>),
    /// reads it as the engine does, cuts every connection halfway and again after the last byte: the read must
    /// resume where it broke off, closing the stream must not fail, and every byte must arrive.
    /// </summary>
    public static async Task ReadResumesAfterDroppedConnectionsAsync(IBackend plugin, DroppingTcpProxy proxy)
    {
        var content = StoreContent.Random(24 << 20, 11);
        await plugin.WriteAsync("object.bin", new MemoryStream(content));
        await using var store = new ResilientBackend(plugin, new ResilienceOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        });

        var received = new byte[content.Length];
        var stream = await store.OpenReadAsync("object.bin");
        var total = 0;
        var dropped = false;
        int read;
        while ((read = stream.Read(received, total, Math.Min(64 << 10, content.Length - total))) > 0)
        {
            total += read;
            if (!dropped && total >= content.Length / 2)
            {
                proxy.DropAll();
                dropped = true;
            }

            if (total == content.Length)
            {
                break;
            }
        }

        proxy.DropAll();
        await stream.DisposeAsync();
        Assert.Equal(content.Length, total);
        Assert.Equal(content, received);
    }
}
