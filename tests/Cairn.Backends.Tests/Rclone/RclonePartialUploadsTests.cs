using Cairn.Contracts.Backends;
using Cairn.Plugins.Rclone;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Rclone;

/// <summary>The rclone backend finds and removes the hidden files that killed <c>rclone rcat</c> uploads leave beside their objects.</summary>
public sealed class RclonePartialUploadsTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-rclone-partial");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_partial_file_left_on_the_remote_is_listed_and_removed_and_the_objects_stay()
    {
        var root = _directory.NewSubdirectory();
        await using var store = new RcloneBackendProvider().Open(new BackendSettings(new Uri("rclone::local:" + root), new Dictionary<string, string>(), _ => null));
        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 4321, async bytes =>
        {
            const string name = "full-20260101T000000Z/.cairn-partial-x";
            await File.WriteAllBytesAsync(Path.Combine(root, name), bytes);
            return name;
        });

        Assert.False(File.Exists(Path.Combine(root, listed.Name)));
    }

    [Fact]
    public async Task A_remote_folder_that_does_not_exist_yet_has_no_partial_uploads()
    {
        await using var store = new RcloneBackendProvider().Open(new BackendSettings(new Uri("rclone::local:" + _directory.NewSubdirectory()), new Dictionary<string, string>(), _ => null));
        Assert.Empty(await ((IPartialUploads)store).ListPartialUploadsAsync().ToListAsync());
    }
}
