using Cairn.Contracts.Backends;
using Cairn.Plugins.Local;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Local;

/// <summary>The local backend finds and removes the hidden files that killed writes leave beside their objects.</summary>
public sealed class LocalPartialUploadsTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-local-partial");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_partial_file_left_beside_an_object_is_listed_and_removed_and_the_objects_stay()
    {
        var root = _directory.NewSubdirectory();
        await using var store = new LocalBackendProvider().Open(new BackendSettings(new Uri(root), new Dictionary<string, string>(), _ => null));
        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 4321, async bytes =>
        {
            // The upload of a set killed at its first object: its folder holds nothing else.
            const string name = "inc-20260102T000000Z/.cairn-partial-x";
            Directory.CreateDirectory(Path.Combine(root, "inc-20260102T000000Z"));
            await File.WriteAllBytesAsync(Path.Combine(root, name), bytes);
            return name;
        });

        Assert.Null(listed.UploadId);
        Assert.False(File.Exists(Path.Combine(root, listed.Name)));
        Assert.False(Directory.Exists(Path.Combine(root, "inc-20260102T000000Z")), "the set folder held only the upload, and goes with it");
        Assert.True(Directory.Exists(Path.Combine(root, "full-20260101T000000Z")));
    }

    [Fact]
    public async Task An_object_written_in_place_is_an_upload_until_committed_and_a_dropped_one_leaves_nothing()
    {
        // What cleanup finds of a volume a killed backup was writing straight into a local target.
        var root = _directory.NewSubdirectory();
        await using var store = new LocalBackend(root);
        var writing = store.OpenObjectWriter("full-20260101T000000Z/vol-000001.cairn");
        var dropped = store.OpenObjectWriter("full-20260101T000000Z/vol-000002.cairn");
        await writing.Content.WriteAsync(new byte[1000]);
        await dropped.Content.WriteAsync(new byte[10]);
        writing.Content.Flush();

        var uploads = await store.ListPartialUploadsAsync().ToListAsync();
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, u => Assert.StartsWith("full-20260101T000000Z/.cairn-partial-", u.Name, StringComparison.Ordinal));
        Assert.Contains(uploads, u => u.Size == 1000);
        Assert.Empty(await store.ListAsync("").ToListAsync());

        await dropped.DisposeAsync();
        await writing.CommitAsync();
        await writing.DisposeAsync();
        Assert.Empty(await store.ListPartialUploadsAsync().ToListAsync());
        Assert.Equal([("full-20260101T000000Z/vol-000001.cairn", 1000L)], await store.ListAsync("").Select(o => (o.Name, o.Size)).ToListAsync());

        // A backup refused at its first volume leaves no empty set folder behind either.
        await store.OpenObjectWriter("inc-20260102T000000Z/vol-000001.cairn").DisposeAsync();
        Assert.False(Directory.Exists(Path.Combine(root, "inc-20260102T000000Z")));
    }

    [Fact]
    public async Task A_folder_of_uploads_copied_from_a_webdav_store_is_no_object_and_cleanup_takes_it_for_uploads()
    {
        // rclone copy of a webdav target to a local folder brings its .cairn-partial-uploads/ along.
        var root = _directory.NewSubdirectory();
        await using var store = new LocalBackend(root);
        await store.WriteAsync("full-20260101T000000Z/manifest.cairn", new MemoryStream(new byte[10]));
        const string upload = ".cairn-partial-uploads/3fa2";
        Directory.CreateDirectory(Path.Combine(root, ".cairn-partial-uploads"));
        await File.WriteAllBytesAsync(Path.Combine(root, upload), new byte[77]);

        Assert.Equal(["full-20260101T000000Z/manifest.cairn"], await store.ListAsync("").Select(o => o.Name).ToListAsync());
        var listed = Assert.Single(await store.ListPartialUploadsAsync().ToListAsync());
        Assert.Equal((upload, 77L), (listed.Name, listed.Size));
        await store.DeletePartialUploadAsync(listed);
        Assert.False(File.Exists(Path.Combine(root, upload)));
    }

    [Fact]
    public async Task Uploads_behind_a_link_to_a_folder_outside_the_store_are_not_listed_so_cleanup_leaves_them()
    {
        // The link leads to another target's folder, where that target's backup is uploading right now.
        var root = _directory.NewSubdirectory();
        var elsewhere = _directory.NewSubdirectory();
        Directory.CreateDirectory(Path.Combine(elsewhere, "full-20260101T000000Z"));
        var live = Path.Combine(elsewhere, "full-20260101T000000Z", ".cairn-partial-live");
        await File.WriteAllBytesAsync(live, new byte[5]);
        await using var store = new LocalBackend(root);
        await store.WriteAsync("full-20260102T000000Z/manifest.cairn", new MemoryStream(new byte[10]));
        await File.WriteAllBytesAsync(Path.Combine(root, "full-20260102T000000Z", ".cairn-partial-ours"), new byte[3]);
        File.CreateSymbolicLink(Path.Combine(root, "other-target"), elsewhere);

        var listed = Assert.Single(await store.ListPartialUploadsAsync().ToListAsync());
        Assert.Equal("full-20260102T000000Z/.cairn-partial-ours", listed.Name);
        Assert.True(File.Exists(live));
    }

    [Fact]
    public async Task Files_behind_a_link_to_a_folder_are_no_objects_so_cleanup_never_takes_them_for_strays()
    {
        // A link to the user's documents inside the target: listed, its files were "objects outside any set", which
        // cleanup --force deletes. A link to a folder above makes a loop, which the walk must not follow either.
        var root = _directory.NewSubdirectory();
        var documents = _directory.NewSubdirectory();
        Directory.CreateDirectory(documents);
        await File.WriteAllBytesAsync(Path.Combine(documents, "thesis.odt"), new byte[42]);
        await using var store = new LocalBackend(root);
        await store.WriteAsync("full-20260102T000000Z/manifest.cairn", new MemoryStream(new byte[10]));
        File.CreateSymbolicLink(Path.Combine(root, "documents"), documents);
        File.CreateSymbolicLink(Path.Combine(root, "full-20260102T000000Z", "loop"), root);

        Assert.Equal(["full-20260102T000000Z/manifest.cairn"], await store.ListAsync("").Select(o => o.Name).ToListAsync());
        Assert.True(File.Exists(Path.Combine(documents, "thesis.odt")));
    }

    [Fact]
    public async Task A_store_whose_folder_does_not_exist_yet_has_no_partial_uploads()
    {
        await using var store = new LocalBackend(_directory.NewSubdirectory());
        Assert.Empty(await store.ListPartialUploadsAsync().ToListAsync());
    }
}
