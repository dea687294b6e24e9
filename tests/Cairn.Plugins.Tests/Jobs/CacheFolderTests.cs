using System.Security.Cryptography;
using System.Text;
using Cairn.Hosting.Jobs;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Jobs;

/// <summary>
/// One store, one cache folder, however its URL is spelled: a trailing slash, doubled slashes or a password do not
/// make another (cold) cache, and a folder made under such a spelling before is taken over, not left cold.
/// </summary>
public sealed class CacheFolderTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("file:///srv/backup", "file:///srv/backup/")]
    [InlineData("file:///srv/backup", "file:///srv//backup//")]
    [InlineData("sftp://alice@host/backups/home", "sftp://alice:secret@host/backups/home/")]
    [InlineData("s3://bucket/prefix", "s3://bucket/prefix/")]
    [InlineData("file:///", "file:///")]
    public void Spellings_of_one_store_share_one_folder(string url, string spelled) =>
        Assert.Equal(CacheFolder.Locate(_root.Path, new Uri(url)), CacheFolder.Locate(_root.Path, new Uri(spelled)));

    [Theory]
    [InlineData("file:///srv/backup", "file:///srv/backup2")]
    [InlineData("sftp://alice@host/backups", "sftp://alice@other/backups")]
    [InlineData("sftp://alice@host/backups", "sftp://bob@host/backups")]
    [InlineData("s3://bucket/a", "s3://bucket/a/b")]
    public void Different_stores_have_different_folders(string one, string other) =>
        Assert.NotEqual(CacheFolder.Locate(_root.Path, new Uri(one)), CacheFolder.Locate(_root.Path, new Uri(other)));

    [Fact]
    public void A_clean_url_keeps_the_folder_it_always_had()
    {
        var url = new Uri("sftp://alice@host:2222/backups/home");
        Assert.Equal(Path.Combine(_root.Path, FormerName(url.ToString())), CacheFolder.Locate(_root.Path, url));
    }

    [Fact]
    public void A_folder_made_under_a_former_spelling_is_taken_over()
    {
        var spelled = new Uri("file:///srv/backup/");
        var former = Path.Combine(_root.Path, FormerName(spelled.ToString()));
        Directory.CreateDirectory(Path.Combine(former, "sets"));
        File.WriteAllText(Path.Combine(former, "sets", "kept"), "cached");

        var folder = CacheFolder.Locate(_root.Path, spelled);

        Assert.NotEqual(former, folder);
        Assert.False(Directory.Exists(former));
        Assert.Equal("cached", File.ReadAllText(Path.Combine(folder, "sets", "kept")));
        Assert.Equal(folder, CacheFolder.Locate(_root.Path, new Uri("file:///srv/backup")));
    }

    /// <summary>How folders were named before paths were cleaned: the first 24 hex digits of the SHA-256 of the URL's text.</summary>
    private static string FormerName(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..24];
}
