using Cairn.Contracts.Backends;
using Cairn.Plugins.Sftp;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Sftp;

/// <summary>The sftp backend against the whole backend contract, on a real OpenSSH server.</summary>
[Collection(SshServerFixture.Collection)]
public sealed class SftpBackendConformanceTests(SshServerFixture sshd) : BackendConformanceTests
{
    protected override Task<IBackend> OpenEmptyStoreAsync() =>
        Task.FromResult(new SftpBackendProvider().Open(new BackendSettings(sshd.NewStoreUrl(), sshd.KeyOptions(), _ => null)));
}
