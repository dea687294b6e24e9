using System.Security.Cryptography;

namespace Cairn.Testing.Servers;

/// <summary>
/// OpenSSH's sshd on 127.0.0.1 on a free port, with its own config, a throwaway ed25519 host key and user
/// keys (one plain, one protected by <see cref="KeyPassphrase"/>), both authorized for the current user.
/// It serves SFTP with <c>internal-sftp</c>. Starting fails the tests with the reason (never skips them).
/// </summary>
/// <remarks>
/// Share one server between the test classes of an assembly with a collection fixture; xunit needs the
/// collection definition in the test assembly itself:
/// <code>
/// [CollectionDefinition(SshServerFixture.Collection)]
/// public sealed class SshServerCollection : ICollectionFixture&lt;SshServerFixture&gt;;
///
/// [Collection(SshServerFixture.Collection)]
/// public sealed class MyTests(SshServerFixture sshd) { ... }
/// </code>
/// </remarks>
public sealed class SshServerFixture : IAsyncLifetime
{
    /// <summary>The collection name to use in <c>[Collection]</c> and <c>[CollectionDefinition]</c>.</summary>
    public const string Collection = "sshd";

    /// <summary>The passphrase of <see cref="EncryptedUserKeyPath"/>.</summary>
    public const string KeyPassphrase = "correct horse battery staple";

    private readonly TempDirectory _directory = new("cairn-sshd");
    private ServerProcess? _server;

    /// <summary>The address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's port.</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The account to log in as: the one running the tests.</summary>
    public string UserName { get; } = Environment.UserName;

    /// <summary>An unencrypted ed25519 private key the server accepts for <see cref="UserName"/>.</summary>
    public string UserKeyPath => Path.Combine(_directory.Path, "id_ed25519");

    /// <summary>An ed25519 private key, encrypted with <see cref="KeyPassphrase"/>, that the server accepts.</summary>
    public string EncryptedUserKeyPath => Path.Combine(_directory.Path, "id_ed25519_encrypted");

    /// <summary>An ed25519 private key the server does not accept.</summary>
    public string UnauthorizedKeyPath => Path.Combine(_directory.Path, "id_ed25519_stranger");

    /// <summary>A known_hosts file with the server's key in plain form (<c>[127.0.0.1]:PORT ssh-ed25519 ...</c>).</summary>
    public string KnownHostsPath => Path.Combine(_directory.Path, "known_hosts");

    /// <summary>The same known_hosts entry with the host name hashed (<c>|1|salt|hash ...</c>, as <c>ssh-keygen -H</c> writes).</summary>
    public string HashedKnownHostsPath => Path.Combine(_directory.Path, "known_hosts_hashed");

    /// <summary>A known_hosts file that lists a different ed25519 key for this server: a changed host key.</summary>
    public string ChangedKnownHostsPath => Path.Combine(_directory.Path, "known_hosts_changed");

    /// <summary>A known_hosts file that knows other hosts but not this one.</summary>
    public string UnrelatedKnownHostsPath => Path.Combine(_directory.Path, "known_hosts_unrelated");

    /// <summary>The server's host key fingerprint as OpenSSH prints it: <c>SHA256:...</c>.</summary>
    public string HostKeyFingerprint { get; private set; } = "";

    /// <summary>A folder on the server (this machine) that tests may fill; each store goes in a sub-folder.</summary>
    public string DataPath => Path.Combine(_directory.Path, "data");

    /// <summary>The <c>sftp://</c> URL of a new, empty folder under <see cref="DataPath"/>.</summary>
    public Uri NewStoreUrl() => new($"sftp://{Uri.EscapeDataString(UserName)}@{Host}:{Port}{DataPath}/store-{Guid.NewGuid():N}");

    /// <summary>Options for the sftp backend that log in with <see cref="UserKeyPath"/> and trust <see cref="KnownHostsPath"/>.</summary>
    public Dictionary<string, string> KeyOptions() => new()
    {
        ["key-file"] = UserKeyPath,
        ["known-hosts"] = KnownHostsPath,
    };

    /// <summary>Recent lines of the server's log, to explain a failure.</summary>
    public string ServerLog => _server?.RecentOutput ?? "";

    /// <summary>How many logins the server accepted so far (counts its log lines), to see connection reuse.</summary>
    public int AcceptedLogins => _server?.CountLines("Accepted publickey for") ?? 0;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        const string sshd = "/usr/sbin/sshd";
        if (!File.Exists(sshd))
        {
            throw new InvalidOperationException($"{sshd} is missing: install openssh-server (./test.sh does) to run the SFTP tests.");
        }

        Directory.CreateDirectory(DataPath);
        var hostKey = Path.Combine(_directory.Path, "ssh_host_ed25519_key");
        await Tool.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cairn-test-host", "-f", hostKey).ConfigureAwait(false);
        await Tool.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cairn-test-user", "-f", UserKeyPath).ConfigureAwait(false);
        await Tool.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", KeyPassphrase, "-C", "cairn-test-user-encrypted", "-f", EncryptedUserKeyPath).ConfigureAwait(false);
        await Tool.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cairn-test-stranger", "-f", UnauthorizedKeyPath).ConfigureAwait(false);
        var otherHostKey = Path.Combine(_directory.Path, "other_host_key");
        await Tool.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cairn-test-impostor", "-f", otherHostKey).ConfigureAwait(false);

        var authorizedKeys = Path.Combine(_directory.Path, "authorized_keys");
        await File.WriteAllLinesAsync(authorizedKeys,
        [
            (await File.ReadAllTextAsync(UserKeyPath + ".pub").ConfigureAwait(false)).Trim(),
            (await File.ReadAllTextAsync(EncryptedUserKeyPath + ".pub").ConfigureAwait(false)).Trim(),
        ]).ConfigureAwait(false);

        var hostPublic = (await File.ReadAllTextAsync(hostKey + ".pub").ConfigureAwait(false)).Split(' ');
        var otherPublic = (await File.ReadAllTextAsync(otherHostKey + ".pub").ConfigureAwait(false)).Split(' ');
        HostKeyFingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(hostPublic[1]))).TrimEnd('=');
        var hostPattern = $"[{Host}]:{Port}";
        await File.WriteAllTextAsync(KnownHostsPath, $"# test server\n{hostPattern} {hostPublic[0]} {hostPublic[1]}\n").ConfigureAwait(false);
        await File.WriteAllTextAsync(HashedKnownHostsPath, $"{hostPattern} {hostPublic[0]} {hostPublic[1]}\n").ConfigureAwait(false);
        await Tool.RunAsync("ssh-keygen", "-H", "-f", HashedKnownHostsPath).ConfigureAwait(false);
        File.Delete(HashedKnownHostsPath + ".old");
        await File.WriteAllTextAsync(ChangedKnownHostsPath, $"{hostPattern} {otherPublic[0]} {otherPublic[1]}\n").ConfigureAwait(false);
        await File.WriteAllTextAsync(UnrelatedKnownHostsPath, $"example.org {hostPublic[0]} {hostPublic[1]}\n[{Host}]:{Port + 1} {otherPublic[0]} {otherPublic[1]}\n").ConfigureAwait(false);

        var config = Path.Combine(_directory.Path, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Port {Port}
            ListenAddress {Host}
            HostKey {hostKey}
            AuthorizedKeysFile {authorizedKeys}
            PidFile {Path.Combine(_directory.Path, "sshd.pid")}
            PubkeyAuthentication yes
            PasswordAuthentication yes
            PermitEmptyPasswords no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            MaxStartups 100
            MaxSessions 100
            LogLevel VERBOSE
            Subsystem sftp internal-sftp

            """).ConfigureAwait(false);

        if (Environment.UserName == "root")
        {
            // sshd's privilege separation needs this folder; a fresh container may not have it.
            Directory.CreateDirectory("/run/sshd");
        }

        _server = await ServerProcess.StartAsync(sshd, ["-f", config, "-D", "-e"], Port, $"sshd on {Host}:{Port}", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _directory.Dispose();
    }
}
