using System.Net;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Secrets;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>What the webdav backend does beyond the shared contract: URLs, refusals, href decoding, servers that ignore Range.</summary>
public sealed class WebDavBackendTests
{
    private static BackendSettings Settings(string url, Dictionary<string, string>? options = null, string? password = null) =>
        new(new Uri(url), options ?? [], name => name == "password" && password is not null ? Secret.FromText(password, "test") : null);

    [Theory]
    [InlineData("webdav://backup.example.org/dav")]
    [InlineData("webdav://192.168.1.20:8080/dav")]
    public void Plain_http_to_another_host_is_refused_unless_allowed(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => WebDavEndpoint.FromSettings(Settings(url)));
        Assert.Contains("allow-insecure-http", error.Message, StringComparison.Ordinal);
        var allowed = WebDavEndpoint.FromSettings(Settings(url, new() { ["allow-insecure-http"] = "true" }));
        Assert.Equal("http", allowed.Origin.Scheme);
    }

    [Fact]
    public void Webdavs_is_https_and_the_user_comes_from_the_url()
    {
        var endpoint = WebDavEndpoint.FromSettings(Settings("webdavs://alice@dav.example.org/remote.php/dav/files/alice/back%20ups", password: "pw"));
        Assert.Equal("https://dav.example.org/", endpoint.Origin.AbsoluteUri);
        Assert.Equal("alice", endpoint.User);
        Assert.Equal(["remote.php", "dav", "files", "alice", "back ups"], endpoint.RootSegments);
    }

    [Fact]
    public void A_password_in_the_url_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<ArgumentException>(() => WebDavEndpoint.FromSettings(Settings("webdavs://alice:hunter2@dav.example.org/x")));
        Assert.Contains("password-env", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/root/dir/a%20b", "dir/a b")]
    [InlineData("http://127.0.0.1:8080/root/dir/a%20b", "dir/a b")]
    [InlineData("/root/q%3Fm%5Cb%25%23", "q?m\\b%#")]
    [InlineData("/root/caf%C3%A9/", "café")]
    [InlineData("/root/", "")]
    [InlineData("/other/x", null)]
    public void Hrefs_decode_to_names_below_the_root(string href, string? name)
    {
        var paths = new WebDavPaths(new Uri("http://127.0.0.1:8080/"), ["root"]);
        Assert.Equal(name, paths.NameOf(href));
    }

    [Fact]
    public async Task A_reply_with_a_dtd_is_refused()
    {
        const string xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>&e;</D:href></D:response></D:multistatus>";
        await Assert.ThrowsAsync<InvalidDataException>(() => MultiStatusReader.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)), default));
    }

    [Theory]
    [InlineData(401, typeof(BackendAuthenticationException))]
    [InlineData(403, typeof(BackendAuthenticationException))]
    [InlineData(404, typeof(BackendNotFoundException))]
    [InlineData(507, typeof(BackendFullException))]
    [InlineData(503, typeof(BackendTransientException))]
    [InlineData(500, typeof(BackendTransientException))]
    [InlineData(429, typeof(BackendTransientException))]
    [InlineData(400, typeof(BackendException))]
    public void Statuses_map_to_typed_errors(int status, Type expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        Assert.IsType(expected, WebDavErrors.FromStatus(response, "PUT", "sets/v1", "alice"));
    }

    [Fact]
    public async Task A_server_that_ignores_range_requests_still_gives_the_right_bytes()
    {
        // A plain HTTP server that always sends the whole object with 200, as simple servers do.
        var content = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 31)).ToArray();
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                context.Response.StatusCode = 200;
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content);
                context.Response.Close();
            }
        });

        await using (var store = new WebDavBackendProvider().Open(Settings($"webdav://127.0.0.1:{port}/files")))
        {
            await using var ranged = await store.OpenReadAsync("object", 12_345, 1_000);
            using var copy = new MemoryStream();
            await ranged.CopyToAsync(copy);
            Assert.Equal(content.AsSpan(12_345, 1_000).ToArray(), copy.ToArray());

            await using var tail = await store.OpenReadAsync("object", 49_990);
            using var tailCopy = new MemoryStream();
            await tail.CopyToAsync(tailCopy);
            Assert.Equal(content.AsSpan(49_990).ToArray(), tailCopy.ToArray());
        }

        listener.Stop();
        await serving;
    }
}
