using Cairn.Contracts.Backends;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>The store's root on a live <c>rclone serve webdav</c>: a file there is refused, a missing folder is made.</summary>
public sealed class WebDavRootTests(RcloneWebDavServer server) : IClassFixture<RcloneWebDavServer>
{
    private static IBackend Open(string url) =>
        new WebDavBackendProvider().Open(new BackendSettings(new Uri(url), new Dictionary<string, string>(), _ => null));

    /// <summary>Puts a file at the server's top, through WebDAV: rclone's folder cache would not see one made on disk.</summary>
    private async Task<string> PutFileAsync()
    {
        var name = $"a-file-{Guid.NewGuid():N}";
        using var http = new HttpClient();
        using var response = await http.PutAsync($"http://127.0.0.1:{server.Port}/{name}", new StringContent("not a store"));
        response.EnsureSuccessStatusCode();
        return name;
    }

    [Fact]
    public async Task A_root_that_is_a_file_is_refused_not_listed_as_an_empty_store()
    {
        var name = await PutFileAsync();
        var url = $"webdav://127.0.0.1:{server.Port}/{name}";
        await using var store = Open(url);

        // rclone answers a PROPFIND of "file/" with the file itself, and of "file/locks/" with 404.
        var error = await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Equal($"The target {url} names a file, not a folder: give the folder that holds the backups (or is to hold them).", error.Message);
        Assert.False(error.IsTransient);
        await using (var again = Open(url))
        {
            await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => again.ListAsync("locks/").ToListAsync().AsTask());
        }

        await using (var again = Open(url))
        {
            await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => again.WriteAsync("locks/x.json", new MemoryStream([1])));
        }

        Assert.Equal("not a store", await File.ReadAllTextAsync(Path.Combine(server.RootDirectory, name)));
    }

    [Fact]
    public async Task A_root_that_does_not_exist_lists_empty_and_the_first_write_makes_it()
    {
        await using var store = Open(server.NewStoreUrl().AbsoluteUri);
        Assert.Empty(await store.ListAsync("").ToListAsync());
        Assert.Empty(await store.ListAsync("locks/").ToListAsync());
        await store.WriteAsync("locks/x.json", new MemoryStream([1]));
        Assert.Single(await store.ListAsync("locks/").ToListAsync());
    }

    [Fact]
    public async Task A_user_in_the_url_is_left_out_of_the_refusal()
    {
        var name = await PutFileAsync();
        await using var store = new WebDavBackendProvider().Open(new BackendSettings(
            new Uri($"webdav://alice@127.0.0.1:{server.Port}/{name}"), new Dictionary<string, string>(), _ => null));

        var error = await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.DoesNotContain("alice", error.Message, StringComparison.Ordinal);
    }
}
