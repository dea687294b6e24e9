using Cairn.Testing.Servers;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>
/// Backup, incremental and restores through the s3 plugin, on a real s3rver; the credentials come from
/// variables named in the profile (<c>access-key-id-env</c>, <c>secret-access-key-env</c>), as a user gives them.
/// </summary>
[Collection(S3ServerFixture.Collection)]
public sealed class S3RoundTripTests(S3ServerFixture s3, ITestOutputHelper output) : IDisposable
{
    private readonly string _keyIdVariable = "CAIRN_TEST_S3_KEY_ID_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _secretVariable = "CAIRN_TEST_S3_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, null);
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public Task A_backup_an_incremental_and_single_file_restores_round_trip_over_s3()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, S3ServerFixture.AccessKeyId);
        Environment.SetEnvironmentVariable(_secretVariable, S3ServerFixture.SecretAccessKey);
        var options = s3.StoreOptions();
        options["access-key-id-env"] = _keyIdVariable;
        options["secret-access-key-env"] = _secretVariable;
        return RemoteRoundTrip.RunAsync("s3", s3.NewStoreUrl(), options, output);
    }
}
