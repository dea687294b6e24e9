using Cairn.Contracts.Backends;
using Cairn.Plugins.Sftp;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Sftp;

/// <summary>The sftp backend finds and removes the hidden files that killed uploads leave beside their objects, on a real OpenSSH server.</summary>
[Collection(SshServerFixture.Collection)]
public sealed class SftpPartialUploadsTests(SshServerFixture sshd)
{
    [Fact]
    public async Task A_partial_file_left_on_the_server_is_listed_and_removed_and_the_objects_stay()
    {
        var url = sshd.NewStoreUrl();
        await using var store = new SftpBackendProvider().Open(new BackendSettings(url, sshd.KeyOptions(), _ => null));
        // The server is this machine: the store's folder is the URL's path.
        var folder = Uri.UnescapeDataString(url.AbsolutePath);
        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 70_000, async bytes =>
        {
            // The upload of a set killed at its first object: its folder holds nothing else.
            const string name = "inc-20260102T000000Z/.cairn-partial-x";
            Directory.CreateDirectory(Path.Combine(folder, "inc-20260102T000000Z"));
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
            return name;
        });

        Assert.False(File.Exists(Path.Combine(folder, listed.Name)));
        Assert.False(Directory.Exists(Path.Combine(folder, "inc-20260102T000000Z")), "the set folder held only the upload, and goes with it");
        Assert.True(Directory.Exists(Path.Combine(folder, "full-20260101T000000Z")));
    }
}
