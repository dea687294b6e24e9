using Cairn.Contracts.Backends;
using Cairn.Plugins.Rclone;
using Cairn.Testing;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Rclone;

/// <summary>The rclone backend against a WebDAV server that accepts connections and never answers.</summary>
public sealed class RcloneTimeoutTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-rclone-timeout");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_server_that_never_answers_fails_each_call_within_the_timeout()
    {
        // With rclone's own defaults (a 5-minute idle timeout, ten low-level retries) the first call still ran after 50 minutes.
        await using var silent = new SilentTcpServer();
        var config = _directory.File("rclone.conf");
        await File.WriteAllTextAsync(config, $"[hung]\ntype = webdav\nurl = http://127.0.0.1:{silent.Port}/\nvendor = other\n");
        await using var store = new RcloneBackendProvider().Open(new BackendSettings(
            new Uri("rclone:hung:backups"), new Dictionary<string, string> { ["config"] = config, ["timeout-seconds"] = "1" }, _ => null));

        var limit = TimeSpan.FromSeconds(60);
        await Assert.ThrowsAnyAsync<BackendException>(() => store.ListAsync("").ToListAsync().AsTask().WaitAsync(limit));
        await Assert.ThrowsAnyAsync<BackendException>(() => store.StatAsync("x").WaitAsync(limit));
        await Assert.ThrowsAnyAsync<BackendException>(() => store.WriteAsync("x", new MemoryStream(new byte[1000])).WaitAsync(limit));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void A_timeout_that_is_not_a_positive_number_is_refused_with_its_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => new RcloneBackendProvider().Open(new BackendSettings(
            new Uri("rclone::local:/srv/backup"), new Dictionary<string, string> { ["timeout-seconds"] = value }, _ => null)));
        Assert.Contains("timeout-seconds", error.Message, StringComparison.Ordinal);
    }
}
