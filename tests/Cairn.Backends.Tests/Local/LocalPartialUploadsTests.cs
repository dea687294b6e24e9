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
            const string name = "full-20260101T000000Z/.cairn-partial-x";
            await File.WriteAllBytesAsync(Path.Combine(root, name), bytes);
            return name;
        });

        Assert.Null(listed.UploadId);
        Assert.False(File.Exists(Path.Combine(root, listed.Name)));
    }

    [Fact]
    public async Task A_store_whose_folder_does_not_exist_yet_has_no_partial_uploads()
    {
        await using var store = new LocalBackend(_directory.NewSubdirectory());
        Assert.Empty(await store.ListPartialUploadsAsync().ToListAsync());
    }
}
