using System.Security.Cryptography;

namespace Cairn.Testing.Servers;

/// <summary><see cref="RcloneWebDavServer"/> demanding basic authentication with user <c>cairn</c> and a random password.</summary>
public sealed class AuthenticatedRcloneWebDavServer : RcloneWebDavServer
{
    private readonly string _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <inheritdoc />
    public override string? User => "cairn";

    /// <inheritdoc />
    public override string? Password => _password;
}
