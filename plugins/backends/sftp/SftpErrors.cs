using System.Net.Sockets;
using Cairn.Contracts.Backends;
using Renci.SshNet.Common;

namespace Cairn.Plugins.Sftp;

/// <summary>Turns SSH.NET's exceptions into the typed backend errors callers catch.</summary>
internal static class SftpErrors
{
    /// <summary>Maps <paramref name="exception"/> from an operation on <paramref name="name"/>; null when it is not an SSH or network failure.</summary>
    public static BackendException? Map(Exception exception, string name, SftpEndpoint endpoint) => exception switch
    {
        BackendException => null,
        SftpPathNotFoundException => new BackendNotFoundException(name, exception),
        SftpPermissionDeniedException => new BackendException($"The SFTP server {endpoint} denied access to {name}: {exception.Message}", isTransient: false, exception),
        SshAuthenticationException => new BackendAuthenticationException($"The SFTP server {endpoint} refused the login: {exception.Message}", exception),
        SftpException sftp => new BackendException($"The SFTP server {endpoint} failed on {name}: {sftp.Message} ({sftp.StatusCode})", isTransient: false, exception),
        SshConnectionException or SshOperationTimeoutException or SocketException or ProxyException or ObjectDisposedException or IOException =>
            new BackendTransientException($"The connection to the SFTP server {endpoint} failed during {name}: {exception.Message}", exception),
        SshException => new BackendException($"SSH error from {endpoint} on {name}: {exception.Message}", isTransient: false, exception),
        _ => null,
    };
}
