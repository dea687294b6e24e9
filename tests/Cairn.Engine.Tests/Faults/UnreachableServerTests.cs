using System.Diagnostics;
using Cairn.Contracts.Backends;
using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Cairn.Testing.Servers;
using Xunit.Abstractions;

namespace Cairn.Engine.Tests.Faults;

/// <summary>
/// A backup to a real backend whose server is not there (nothing listens on the port) fails as a dead store
/// should: a <see cref="BackendException"/> within a bounded time, one line, naming where it tried, and
/// without the credential the profile gave.
/// </summary>
public sealed class UnreachableServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("cairn-unreachable");
    private readonly string _secretVariable = "CAIRN_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _secret = "s3cr3t-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _temp.Dispose();
    }

    [Theory]
    [InlineData("sftp")]
    [InlineData("s3")]
    [InlineData("webdav")]
    public async Task A_backup_to_a_server_that_is_not_there_fails_quickly_with_a_clear_error_without_the_secret(string backend)
    {
        Environment.SetEnvironmentVariable(_secretVariable, _secret);
        var port = FreePort.Next();
        var (url, options) = backend switch
        {
            "sftp" => (new Uri($"sftp://cairn@127.0.0.1:{port}/srv/cairn"), new Dictionary<string, string>
            {
                ["password-env"] = _secretVariable,
                ["known-hosts"] = Path.Combine(_temp.Path, "known_hosts"),
                ["connect-timeout"] = "5",
            }),
            "s3" => (new Uri("s3://cairn-test/store"), new Dictionary<string, string>
            {
                ["endpoint"] = $"http://127.0.0.1:{port}",
                ["access-key-id-env"] = _secretVariable,
                ["secret-access-key-env"] = _secretVariable,
            }),
            _ => (new Uri($"webdav://cairn@127.0.0.1:{port}/store"), new Dictionary<string, string> { ["password-env"] = _secretVariable }),
        };
        var source = Directory.CreateDirectory(Path.Combine(_temp.Path, "source")).FullName;
        TestFiles.Write(Path.Combine(source, "file.txt"), "hello"u8.ToArray());

        var clock = Stopwatch.StartNew();
        await using var job = ProfileJob.Open(Path.Combine(_temp.Path, "job"), backend, url, options, ProfileJob.QuickRetries());
        var error = await Assert.ThrowsAnyAsync<BackendException>(() =>
            BackupJob.RunAsync(job.Context, new BackupOptions { Source = source }, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(90)));
        output.WriteLine($"{backend}, {clock.Elapsed.TotalSeconds:0.0} s: {error.GetType().Name}: {error.Message}");

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, error.ToString(), StringComparison.Ordinal);
        Assert.True(error.IsTransient, "a refused connection is worth retrying later");
    }
}
