using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Cairn.Plugins.Sftp;

/// <summary>
/// The <c>sftp</c> backend: a folder on an SSH server, <c>sftp://user@host:port/path</c>. Logs in with a key
/// (option <c>key-file</c>, passphrase secret <c>key-passphrase</c>) or a password (secret <c>password</c>), and
/// checks the server's host key against known_hosts (option <c>known-hosts</c>): an unknown or changed key is refused.
/// </summary>
public sealed class SftpBackendProvider : IBackendProvider
{
    /// <inheritdoc />
    public string Id => "sftp";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "A folder on an SSH server over SFTP (sftp://user@host:port/path), host key checked against known_hosts.";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["sftp"];

    /// <inheritdoc />
    /// <remarks>Reads the key file at once (so a wrong passphrase shows early); connects on the first call.</remarks>
    /// <exception cref="ArgumentException">The URL or an option is malformed, or no way to log in is given.</exception>
    /// <exception cref="BackendAuthenticationException">The key file cannot be opened with the passphrase given.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = SftpEndpoint.From(settings);
        var key = endpoint.KeyFile is null ? null : LoadKey(endpoint);
        return new SftpBackend(endpoint, () =>
        {
            var methods = new List<AuthenticationMethod>();
            if (key is not null)
            {
                methods.Add(new PrivateKeyAuthenticationMethod(endpoint.UserName, key));
            }

            if (endpoint.Password is not null)
            {
                methods.Add(new PasswordAuthenticationMethod(endpoint.UserName, endpoint.Password.Bytes.ToArray()));
            }

            return [.. methods];
        });
    }

    private static PrivateKeyFile LoadKey(SftpEndpoint endpoint)
    {
        try
        {
            return endpoint.KeyPassphrase is null
                ? new PrivateKeyFile(endpoint.KeyFile!)
                : new PrivateKeyFile(endpoint.KeyFile!, endpoint.KeyPassphrase.Text);
        }
        catch (SshPassPhraseNullOrEmptyException e)
        {
            throw new BackendAuthenticationException(
                $"The key file {endpoint.KeyFile} is encrypted: give its passphrase with the option key-passphrase-env or key-passphrase-file.", e);
        }
        catch (Exception e) when (e is SshException or InvalidOperationException or System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            var why = endpoint.KeyPassphrase is null ? e.Message : "wrong passphrase, or not a private key";
            throw new BackendAuthenticationException($"Cannot read the key file {endpoint.KeyFile}: {why}.", e);
        }
    }
}
