using Cairn.Contracts.Plugins;
using Cairn.Hosting.Profiles;

namespace Cairn.Plugins.Tests.Profiles;

/// <summary>
/// Each bad profile under golden/ is loaded and its errors (file:line:column: message) are compared with
/// the checked-in NAME.errors file, so a change to any message is a visible diff.
/// </summary>
public sealed class ProfileGoldenErrorTests
{
    /// <summary>The plugins a dist/ build installs, so that unknown ids get hints.</summary>
    internal static IReadOnlyCollection<string>? InstalledPlugins(PluginKind kind) => kind switch
    {
        PluginKind.Backend => ["local", "sftp", "s3", "webdav", "rclone", "faulty"],
        PluginKind.Compressor => ["zstd", "gzip", "brotli", "none"],
        PluginKind.Cipher => ["aes-256-gcm", "chacha20-poly1305"],
        PluginKind.Recipient => ["passphrase", "x25519", "openpgp"],
        _ => null,
    };

    public static TheoryData<string> BadProfiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GoldenFile.Folder(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void Bad_profile_reports_the_golden_errors(string fileName)
    {
        var path = Path.Combine(GoldenFile.Folder(), fileName);
        var exception = Assert.Throws<ProfileException>(() =>
            ProfileLoader.Parse(File.ReadAllText(path), fileName, "/profiles", "/profiles/" + fileName, InstalledPlugins));

        var actual = string.Join("\n", exception.Errors) + "\n";
        GoldenFile.AssertMatches(Path.ChangeExtension(path, ".errors"), actual);
    }

    [Fact]
    public void Every_golden_profile_has_its_errors_file()
    {
        var profiles = Directory.GetFiles(GoldenFile.Folder(), "*.yaml").Select(Path.GetFileNameWithoutExtension);
        var errors = Directory.GetFiles(GoldenFile.Folder(), "*.errors").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(profiles.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("literal-passphrase.yaml", "correct horse battery staple")]
    [InlineData("literal-passphrase.yaml", "CAIRN-SECRET-KEY-1XYZ")]
    [InlineData("password-in-url.yaml", "hunter2")]
    [InlineData("password-in-bad-url.yaml", "S3CRETPW")]
    [InlineData("option-secrets.yaml", "hunter2")]
    [InlineData("option-secrets.yaml", "abc123")]
    public void Errors_never_repeat_a_secret_written_in_the_file(string fileName, string secret)
    {
        var path = Path.Combine(GoldenFile.Folder(), fileName);
        var exception = Assert.Throws<ProfileException>(() =>
            ProfileLoader.Parse(File.ReadAllText(path), fileName, "/profiles", null, InstalledPlugins));

        Assert.DoesNotContain(secret, exception.Message, StringComparison.Ordinal);
        Assert.All(exception.Errors, e => Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal));
    }
}
