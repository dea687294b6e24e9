using Cairn.Contracts.Backends;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Cairn.Plugins.Sftp;

/// <summary>
/// A few SFTP connections to one server, opened on first use and reopened when they drop. Each call takes
/// the least busy connection; SSH.NET multiplexes concurrent requests on one connection, so a lease is a
/// share, not exclusive use, and waiting for a free connection cannot deadlock.
/// </summary>
internal sealed class SftpConnectionPool : IAsyncDisposable
{
    private readonly SftpEndpoint _endpoint;
    private readonly Func<AuthenticationMethod[]> _authentication;
    private readonly Slot[] _slots;
    private bool _disposed;

    public SftpConnectionPool(SftpEndpoint endpoint, Func<AuthenticationMethod[]> authentication)
    {
        _endpoint = endpoint;
        _authentication = authentication;
        _slots = Enumerable.Range(0, endpoint.Connections).Select(_ => new Slot()).ToArray();
    }

    /// <summary>Takes a share of the least busy connection, connecting it first if needed.</summary>
    /// <exception cref="BackendAuthenticationException">The host key is unknown or changed, or the login was refused.</exception>
    /// <exception cref="BackendTransientException">The server cannot be reached.</exception>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Slot slot;
        lock (_slots)
        {
            slot = _slots.MinBy(s => s.Busy)!;
            slot.Busy++;
        }

        try
        {
            var client = await slot.ConnectedClientAsync(this, cancellationToken).ConfigureAwait(false);
            return new Lease(this, slot, client);
        }
        catch
        {
            Release(slot);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Release(Slot slot)
    {
        lock (_slots)
        {
            slot.Busy--;
        }
    }

    private async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var knownHosts = KnownHosts.Load(_endpoint.KnownHostsPath);
        var info = new ConnectionInfo(_endpoint.Host, _endpoint.Port, _endpoint.UserName, _authentication())
        {
            Timeout = _endpoint.ConnectTimeout,
        };
        OfferOnlyKnownKeyTypes(info, knownHosts.KeyTypesFor(_endpoint.HostKeyName));

        var client = new SftpClient(info)
        {
            OperationTimeout = _endpoint.OperationTimeout,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        };
        string? refusal = null;
        client.HostKeyReceived += (_, e) =>
        {
            refusal = knownHosts.Check(_endpoint.HostKeyName, e.HostKey);
            e.CanTrust = refusal is null;
        };

        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (refusal is not null)
        {
            client.Dispose();
            throw new BackendAuthenticationException(refusal, e);
        }
        catch (Exception e) when (SftpErrors.Map(e, "connect", _endpoint) is { } mapped)
        {
            client.Dispose();
            throw mapped;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// When known_hosts lists keys for the host, negotiate only those key types (as OpenSSH does), so a server
    /// that also has, say, an RSA key is asked for the ed25519 key we can check.
    /// </summary>
    private static void OfferOnlyKnownKeyTypes(ConnectionInfo info, IReadOnlySet<string> knownTypes)
    {
        if (knownTypes.Count == 0)
        {
            return; // Unknown host: take any key, only to show its fingerprint in the refusal.
        }

        foreach (var algorithm in info.HostKeyAlgorithms.Keys.ToList())
        {
            if (!knownTypes.Contains(KeyTypeOfAlgorithm(algorithm)))
            {
                info.HostKeyAlgorithms.Remove(algorithm);
            }
        }
    }

    private static string KeyTypeOfAlgorithm(string algorithm) => algorithm switch
    {
        "rsa-sha2-256" or "rsa-sha2-512" => "ssh-rsa",
        _ => algorithm,
    };

    /// <summary>A share of one connection; dispose to give it back.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly SftpConnectionPool _pool;
        private readonly Slot _slot;
        private int _released;

        public Lease(SftpConnectionPool pool, Slot slot, SftpClient client)
        {
            _pool = pool;
            _slot = slot;
            Client = client;
        }

        public SftpClient Client { get; }

        /// <summary>Drops the connection after a network failure, so the next call reconnects.</summary>
        public void MarkBroken() => _slot.Invalidate(Client);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _pool.Release(_slot);
            }
        }
    }

    internal sealed class Slot : IDisposable
    {
        private readonly SemaphoreSlim _connecting = new(1, 1);
        private SftpClient? _client;

        public int Busy { get; set; }

        public async Task<SftpClient> ConnectedClientAsync(SftpConnectionPool pool, CancellationToken cancellationToken)
        {
            var client = Volatile.Read(ref _client);
            if (client is { IsConnected: true })
            {
                return client;
            }

            await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_client is { IsConnected: true })
                {
                    return _client;
                }

                _client?.Dispose();
                _client = null;
                var connected = await pool.ConnectAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _client, connected);
                return connected;
            }
            finally
            {
                _connecting.Release();
            }
        }

        public void Invalidate(SftpClient broken)
        {
            if (Interlocked.CompareExchange(ref _client, null, broken) == broken)
            {
                try
                {
                    broken.Dispose();
                }
                catch (Exception e) when (e is SshException or ObjectDisposedException or IOException)
                {
                    // Already broken.
                }
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _client, null)?.Dispose();
            _connecting.Dispose();
        }
    }
}
