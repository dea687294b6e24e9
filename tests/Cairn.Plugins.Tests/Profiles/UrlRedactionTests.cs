using Cairn.Hosting.Secrets;

namespace Cairn.Plugins.Tests.Profiles;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("sftp://alice:hunter2@backup.example.org:2222/srv/backup", "sftp://alice@backup.example.org:2222/srv/backup")]
    [InlineData("sftp://backup:S3CRETPW@nas:99999/srv", "sftp://backup@nas:99999/srv")]
    [InlineData("webdav://u:S3CRETPW@h:70000/x", "webdav://u@h:70000/x")]
    [InlineData("webdavs://u:S3CRETPW@h", "webdavs://u@h")]
    [InlineData("sftp://u:p@ss@nas/srv", "sftp://u@nas/srv")]
    [InlineData("sftp://u:aB3/x+Yz@nas/srv", "sftp://u@nas/srv")]
    [InlineData("sftp://u:pw@nas:bad/srv@x", "sftp://u@x")]
    public void The_password_is_taken_out_of_valid_and_invalid_urls(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.WithoutPassword(url));

    [Theory]
    [InlineData("sftp://alice@nas:2222/srv")]
    [InlineData("webdavs://alice@cloud.example.org:8443/dav/files/alice@example.org/backups")]
    [InlineData("s3://bucket/prefix")]
    [InlineData("rclone:mydrive:backups/home")]
    [InlineData("/srv/backup")]
    [InlineData("not a url: at all @ x")]
    public void Text_without_a_password_is_kept_as_written(string url) =>
        Assert.Equal(url, UrlRedaction.WithoutPassword(url));
}
