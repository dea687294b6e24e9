using Cairn.Contracts.Backends;
using Cairn.Plugins.Rclone;
using Cairn.Testing;

namespace Cairn.Backends.Tests.Rclone;

/// <summary>What the rclone backend does beyond the shared contract, through rclone's on-the-fly local remote.</summary>
public sealed class RcloneBackendTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-rclone");

    public void Dispose() => _directory.Dispose();

    private static IBackend Open(string url) =>
        new RcloneBackendProvider().Open(new BackendSettings(new Uri(url), new Dictionary<string, string>(), _ => null));

    [Fact]
    public async Task A_root_that_is_a_file_is_refused_not_listed_as_an_empty_store()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a store");
        var url = "rclone::local:" + file;
        await using var store = Open(url);

        // lsjson -R of a file lists the file itself: a stray object named a-file, no backups.
        var error = await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Equal($"The target {url} names a file, not a folder: give the folder that holds the backups (or is to hold them).", error.Message);
        Assert.False(error.IsTransient);
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("locks/").ToListAsync().AsTask());
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.WriteAsync("locks/x.json", new MemoryStream([1])));
        Assert.Equal("not a store", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_root_that_does_not_exist_lists_empty_and_the_first_write_makes_it()
    {
        await using var store = Open("rclone::local:" + Path.Combine(_directory.Path, "fresh"));
        Assert.Empty(await store.ListAsync("").ToListAsync());
        Assert.Empty(await store.ListAsync("locks/").ToListAsync());
        await store.WriteAsync("locks/x.json", new MemoryStream([1]));
        Assert.Single(await store.ListAsync("locks/").ToListAsync());
    }
}
