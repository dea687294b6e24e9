using System.Text.Json;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Cairn.Testing.Servers;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>
/// A target URL that names a file (a mistyped path) through the published <c>dist/cairn</c>, for each backend with
/// folders: refused in one line that names the URL, exit 2; never "No complete backup" and exit 0, which would
/// tell the user that the backups are gone.
/// </summary>
[Collection(SshServerFixture.Collection)]
public sealed class TargetNotAFolderTests(SshServerFixture sshd, RcloneWebDavServer webdav) : IClassFixture<RcloneWebDavServer>, IDisposable
{
    private readonly TempDirectory _work = new("cairn-target-file-");

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("local", "status")]
    [InlineData("local", "backup")]
    [InlineData("sftp", "status")]
    [InlineData("sftp", "backup")]
    [InlineData("webdav", "status")]
    [InlineData("webdav", "backup")]
    [InlineData("rclone", "status")]
    [InlineData("rclone", "cleanup")]
    public async Task A_target_that_names_a_file_is_refused_in_one_line_not_reported_empty(string backend, string command)
    {
        var name = $"a-file-{Guid.NewGuid():N}";
        var (url, shown, file, options) = backend switch
        {
            "local" => (Path.Combine(_work.Path, name), Path.Combine(_work.Path, name), Path.Combine(_work.Path, name), new Dictionary<string, string>()),
            "sftp" => ($"sftp://{sshd.UserName}@{sshd.Host}:{sshd.Port}{sshd.DataPath}/{name}", $"sftp://{sshd.UserName}@{sshd.Host}:{sshd.Port}{sshd.DataPath}/{name}",
                Path.Combine(sshd.DataPath, name), sshd.KeyOptions()),
            "webdav" => ($"webdav://127.0.0.1:{webdav.Port}/{name}", $"webdav://127.0.0.1:{webdav.Port}/{name}", Path.Combine(webdav.RootDirectory, name), new Dictionary<string, string>()),
            _ => ("rclone::local:" + Path.Combine(_work.Path, name), "rclone::local:" + Path.Combine(_work.Path, name), Path.Combine(_work.Path, name), new Dictionary<string, string>()),
        };
        if (backend == "webdav")
        {
            // Through WebDAV: rclone's folder cache would not see a file made on disk.
            using var http = new HttpClient();
            using var put = await http.PutAsync($"http://127.0.0.1:{webdav.Port}/{name}", new StringContent("not a store"));
            put.EnsureSuccessStatusCode();
        }
        else
        {
            await File.WriteAllTextAsync(file, "not a store");
        }

        var source = Directory.CreateDirectory(Path.Combine(_work.Path, "source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "a");
        var profile = Path.Combine(_work.Path, $"profile-{backend}.yaml");
        var target = JsonSerializer.Serialize(new Dictionary<string, object> { ["backend"] = backend, ["url"] = url, ["options"] = options });
        await File.WriteAllTextAsync(profile, $$"""
            source: {{JsonSerializer.Serialize(source)}}
            target: {{target}}
            encryption:
              provider: aes-256-gcm
              recipients: [ { type: passphrase, env: CAIRN_PASSPHRASE, argon2-memory-kib: 1024, argon2-iterations: 1 } ]
            """);

        var (code, output, error) = await CairnProcess.RunAsync(
            [command, "--profile", profile, "--cache-dir", Path.Combine(_work.Path, "cache")],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase });

        Assert.True(code == 2, $"exit {code}: {output} {error}");
        Assert.Equal($"cairn: The target {shown} names a file, not a folder: give the folder that holds the backups (or is to hold them).", error.Trim());
        Assert.DoesNotContain("No complete backup", output, StringComparison.Ordinal);
        Assert.Equal("not a store", await File.ReadAllTextAsync(file));
    }
}
