using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;
using Cairn.Backends.Tests.Resilience;
using Cairn.Hosting.Backends;
using Cairn.Plugins.Sftp;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Sftp;

/// <summary>Host key checking, logins and connection reuse of the sftp backend, on a real OpenSSH server.</summary>
[Collection(SshServerFixture.Collection)]
public sealed class SftpBackendTests(SshServerFixture sshd)
{
    private IBackend Open(Dictionary<string, string> options, Func<string, Secret?>? secrets = null, Uri? url = null) =>
        new SftpBackendProvider().Open(new BackendSettings(url ?? sshd.NewStoreUrl(), options, secrets ?? (_ => null)));

    private Dictionary<string, string> Options(string knownHosts, string? keyFile = null)
    {
        var options = new Dictionary<string, string> { ["known-hosts"] = knownHosts };
        if (keyFile is not null)
        {
            options["key-file"] = keyFile;
        }

        return options;
    }

    [Fact]
    public async Task A_host_missing_from_known_hosts_is_refused_with_its_fingerprint_and_what_to_do()
    {
        await using var store = Open(Options(sshd.UnrelatedKnownHostsPath, sshd.UserKeyPath));
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.StatAsync("x"));
        Assert.Contains(sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"[127.0.0.1]:{sshd.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"is not in {sshd.UnrelatedKnownHostsPath}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ssh-keyscan -p {sshd.Port} -t ssh-ed25519 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_missing_known_hosts_file_refuses_every_host()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-known-hosts-{Guid.NewGuid():N}");
        await using var store = Open(Options(missing, sshd.UserKeyPath));
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.StatAsync("x"));
        Assert.Contains($"{missing} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_as_a_possible_attack()
    {
        await using var store = Open(Options(sshd.ChangedKnownHostsPath, sshd.UserKeyPath));
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Contains("CHANGED", error.Message, StringComparison.Ordinal);
        Assert.Contains(sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1 (ssh-ed25519)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ssh-keygen -R '[127.0.0.1]:{sshd.Port}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hashed_known_hosts_entry_is_accepted()
    {
        Assert.StartsWith("|1|", await File.ReadAllTextAsync(sshd.HashedKnownHostsPath));
        await using var store = Open(Options(sshd.HashedKnownHostsPath, sshd.UserKeyPath));
        await store.WriteAsync("hello", new MemoryStream([1, 2, 3]));
        Assert.Equal(3, (await store.StatAsync("hello"))!.Size);
    }

    [Fact]
    public async Task An_encrypted_key_logs_in_with_its_passphrase()
    {
        await using var store = Open(Options(sshd.KnownHostsPath, sshd.EncryptedUserKeyPath),
            name => name == "key-passphrase" ? Secret.FromText(SshServerFixture.KeyPassphrase, "test") : null);
        await store.WriteAsync("x", new MemoryStream([1]));
        Assert.NotNull(await store.StatAsync("x"));
    }

    [Fact]
    public void An_encrypted_key_without_its_passphrase_is_refused_at_once()
    {
        var error = Assert.Throws<BackendAuthenticationException>(() => Open(Options(sshd.KnownHostsPath, sshd.EncryptedUserKeyPath)));
        Assert.Contains("key-passphrase-env", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_key_passphrase_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<BackendAuthenticationException>(() => Open(Options(sshd.KnownHostsPath, sshd.EncryptedUserKeyPath),
            name => name == "key-passphrase" ? Secret.FromText("not the passphrase", "test") : null));
        Assert.DoesNotContain("not the passphrase", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_is_refused()
    {
        await using var store = Open(Options(sshd.KnownHostsPath, sshd.UnauthorizedKeyPath));
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.StatAsync("x"));
        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{sshd.UserName}@127.0.0.1:{sshd.Port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_echoing_it()
    {
        const string password = "hunter2-wrong-password";
        await using var store = Open(Options(sshd.KnownHostsPath), name => name == "password" ? Secret.FromText(password, "env CAIRN_TEST_PASSWORD") : null);
        var error = await Assert.ThrowsAsync<BackendAuthenticationException>(() => store.StatAsync("x"));
        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_url_is_refused_without_echoing_it()
    {
        var url = new Uri($"sftp://{sshd.UserName}:s3cret-in-url@127.0.0.1:{sshd.Port}/tmp/x");
        var error = Assert.Throws<ArgumentException>(() => Open(Options(sshd.KnownHostsPath, sshd.UserKeyPath), url: url));
        Assert.DoesNotContain("s3cret-in-url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_file_is_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Open(Options(sshd.KnownHostsPath, "/nonexistent/id_ed25519")));
        Assert.Contains("/nonexistent/id_ed25519", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_reuse_a_few_connections()
    {
        var options = sshd.KeyOptions();
        options["connections"] = "2";
        var before = sshd.AcceptedLogins;
        await using (var store = Open(options))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.WriteAsync($"c/{i}", new MemoryStream(new byte[1000 + i]))));
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(1000 + i, (await store.StatAsync($"c/{i}"))!.Size);
            }

            Assert.Equal(20, (await store.ListAsync("c/").ToListAsync()).Count);
        }

        var logins = sshd.AcceptedLogins - before;
        Assert.InRange(logins, 1, 2);
    }

    [Fact]
    public async Task Objects_land_under_the_url_path_on_the_server()
    {
        var url = sshd.NewStoreUrl();
        await using var store = Open(sshd.KeyOptions(), url: url);
        await store.WriteAsync("sets/2026/volume 1.cairn", new MemoryStream([5, 6, 7]));
        var onServer = Path.Combine(Uri.UnescapeDataString(url.AbsolutePath), "sets", "2026", "volume 1.cairn");
        Assert.Equal([5, 6, 7], await File.ReadAllBytesAsync(onServer));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(onServer)!, BackendNames.PartialUploadPrefix + "*"));
    }

    [Fact]
    public async Task A_root_that_is_a_file_is_refused_not_listed_as_an_empty_store()
    {
        var file = Path.Combine(sshd.DataPath, $"a-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "not a store");
        var url = new Uri($"sftp://{Uri.EscapeDataString(sshd.UserName)}@{sshd.Host}:{sshd.Port}{file}");
        await using var store = Open(sshd.KeyOptions(), url: url);

        var error = await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Equal($"The target sftp://{sshd.UserName}@{sshd.Host}:{sshd.Port}{file} names a file, not a folder: give the folder that holds the backups (or is to hold them).", error.Message);
        Assert.False(error.IsTransient);
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("locks/").ToListAsync().AsTask());
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.WriteAsync("locks/x.json", new MemoryStream([1])));
        Assert.Equal("not a store", await File.ReadAllTextAsync(file));

        // A root that does not exist yet is no file: it lists empty, and the first write makes it.
        await using var fresh = Open(sshd.KeyOptions());
        Assert.Empty(await fresh.ListAsync("").ToListAsync());
        Assert.Empty(await fresh.ListAsync("locks/").ToListAsync());
        await fresh.WriteAsync("locks/x.json", new MemoryStream([1]));
    }

    [Fact]
    public async Task Deleting_the_last_objects_of_folders_removes_the_folders_it_emptied_but_never_the_root()
    {
        var url = sshd.NewStoreUrl();
        var root = Uri.UnescapeDataString(url.AbsolutePath);
        await using var store = Open(sshd.KeyOptions(), url: url);
        foreach (var name in new[] { "full-1/vol.1", "full-1/sub/deep/x", "top" })
        {
            await store.WriteAsync(name, new MemoryStream([1]));
        }

        await store.DeleteAsync("full-1/sub/deep/x");
        Assert.False(Directory.Exists(Path.Combine(root, "full-1", "sub")), "sub/ and sub/deep/ held only x");
        Assert.True(File.Exists(Path.Combine(root, "full-1", "vol.1")));

        await store.DeleteAsync("full-1/vol.1");
        Assert.False(Directory.Exists(Path.Combine(root, "full-1")));

        // The instance knew full-1/ existed; it makes it again rather than upload into nothing.
        await store.WriteAsync("full-1/vol.2", new MemoryStream([2]));
        Assert.Equal(1, (await store.StatAsync("full-1/vol.2"))!.Size);

        await store.DeleteAsync("full-1/vol.2");
        await store.DeleteAsync("top");
        await store.DeleteAsync("top"); // again: still not an error
        Assert.True(Directory.Exists(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public async Task A_write_into_a_folder_another_instance_removed_is_retried_and_lands()
    {
        var url = sshd.NewStoreUrl();
        await using var writer = Open(sshd.KeyOptions(), url: url);
        await using var deleter = Open(sshd.KeyOptions(), url: url);
        await writer.WriteAsync("set/a", new MemoryStream([1]));
        await deleter.DeleteAsync("set/a");
        Assert.False(Directory.Exists(Path.Combine(Uri.UnescapeDataString(url.AbsolutePath), "set")));

        // The writer still takes set/ for made; its upload finds no folder, which is worth a retry (the host's).
        var retries = 0;
        var resilient = new ResilientBackend(writer, new ResilienceOptions { InitialBackoff = TimeSpan.FromMilliseconds(10), OnRetry = _ => retries++ });
        await resilient.WriteAsync("set/b", new MemoryStream([2, 3]));
        Assert.Equal(2, (await writer.StatAsync("set/b"))!.Size);
        Assert.Equal(1, retries);
    }

    [Fact]
    public async Task A_read_whose_connection_drops_resumes_and_closes_quietly()
    {
        await using var proxy = new DroppingTcpProxy(sshd.Port);
        var knownHosts = Path.Combine(sshd.DataPath, $"known_hosts_proxy_{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(knownHosts, (await File.ReadAllTextAsync(sshd.KnownHostsPath)).Replace($"]:{sshd.Port} ", $"]:{proxy.Port} ", StringComparison.Ordinal));
        var options = sshd.KeyOptions();
        options["known-hosts"] = knownHosts;
        var url = new UriBuilder(sshd.NewStoreUrl()) { Port = proxy.Port }.Uri;
        await DroppedConnections.ReadResumesAfterDroppedConnectionsAsync(Open(options, url: url), proxy);
    }
}
