using Cairn.Contracts.Backends;
using Cairn.Contracts.Streams;
using Cairn.Plugins.SampleBackend;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Backends.Tests.Sample;

/// <summary>The sample plugin shows the optional <see cref="IPartialUploads"/> too: a killed write's temporary file is found and removed.</summary>
public sealed class SamplePartialUploadsTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-sample-partial");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_temporary_file_left_by_a_killed_write_is_listed_and_removed_and_the_objects_stay()
    {
        var folder = _directory.NewSubdirectory();
        await using var store = new SampleBackendProvider().Open(new BackendSettings(new Uri("sample://" + folder), new Dictionary<string, string>(), _ => null));

        var listed = await PartialUploadChecks.ListedAndRemovedAsync(store, 2345, async bytes =>
        {
            const string name = BackendNames.PartialUploadPrefix + "0badc0de";
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
            return name;
        });

        Assert.False(File.Exists(Path.Combine(folder, listed.Name)));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_nothing_and_a_name_with_a_folder_is_refused()
    {
        var folder = _directory.NewSubdirectory();
        var store = new SampleBackend(folder);

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("full-20260101T000000Z/vol-000001.cairn", new FailingStream()));

        Assert.Empty(Directory.GetFiles(folder));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeletePartialUploadAsync(new PartialUpload("x/" + BackendNames.PartialUploadPrefix + "1", 0)));
    }

    [Fact]
    public async Task Files_that_hold_no_object_are_left_out_of_the_listing_instead_of_failing_it()
    {
        var folder = _directory.NewSubdirectory();
        var store = new SampleBackend(folder);
        await store.WriteAsync("full-20260101T000000Z/vol-000001.cairn", new MemoryStream(new byte[5]));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "a stranger");
        File.WriteAllText(Path.Combine(folder, Convert.ToHexStringLower("x"u8) + ".1a2b.partial"), "an earlier sample's temporary file");
        File.WriteAllText(Path.Combine(folder, Convert.ToHexStringLower("../up"u8)), "not a valid name");

        var listed = await store.ListAsync("").Select(o => o.Name).ToListAsync();

        Assert.Equal(["full-20260101T000000Z/vol-000001.cairn"], listed);
    }

    /// <summary>A source that gives one buffer and then fails, as a connection that drops mid-upload.</summary>
    private sealed class FailingStream : ForwardReadStream
    {
        private int _reads;

        public override int Read(byte[] buffer, int offset, int count) => _reads++ == 0 ? count : throw new IOException("the source went away");
    }
}
