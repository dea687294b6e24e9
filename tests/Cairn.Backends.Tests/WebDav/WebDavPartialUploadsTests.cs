using Cairn.Contracts.Backends;
using Cairn.Plugins.WebDav;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.WebDav;

/// <summary>The webdav backend finds and removes what killed PUTs leave in its folder of uploads, on a live <c>rclone serve webdav</c>.</summary>
public sealed class WebDavPartialUploadsTests(RcloneWebDavServer server) : IClassFixture<RcloneWebDavServer>
{
    [Fact]
    public async Task A_file_left_in_the_uploads_folder_is_listed_and_removed_and_the_objects_stay()
    {
        var url = server.NewStoreUrl();
        await using var store = new WebDavBackendProvider().Open(new BackendSettings(url, new Dictionary<string, string>(), _ => null));
        // The server serves a folder of this machine: the store is the URL's path below it.
        var folder = Path.Combine(server.RootDirectory, url.AbsolutePath.Trim('/'));
        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 70_000, async bytes =>
        {
            // What a writer killed between its PUT and its MOVE leaves. Through the server, not behind its back:
            // rclone serve webdav caches folder listings. The folder exists: the objects' writes went through it.
            using var http = new HttpClient();
            using var put = await http.PutAsync(new Uri($"http://127.0.0.1:{server.Port}{url.AbsolutePath}/.cairn-partial-uploads/3fa29c"), new ByteArrayContent(bytes));
            put.EnsureSuccessStatusCode();
            return ".cairn-partial-uploads/3fa29c";
        });

        Assert.False(File.Exists(Path.Combine(folder, listed.Name)));
    }

    [Fact]
    public async Task A_store_that_never_uploaded_has_no_partial_uploads()
    {
        await using var store = new WebDavBackendProvider().Open(new BackendSettings(server.NewStoreUrl(), new Dictionary<string, string>(), _ => null));
        Assert.Empty(await ((IPartialUploads)store).ListPartialUploadsAsync().ToListAsync());
    }
}
