using Cairn.Testing.Servers;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>Backup, incremental and restores through the sftp plugin, on a real OpenSSH server (key login, host key checked).</summary>
[Collection(SshServerFixture.Collection)]
public sealed class SftpRoundTripTests(SshServerFixture sshd, ITestOutputHelper output)
{
    [Fact]
    public Task A_backup_an_incremental_and_single_file_restores_round_trip_over_sftp() =>
        RemoteRoundTrip.RunAsync("sftp", sshd.NewStoreUrl(), sshd.KeyOptions(), output);
}
