using System.Diagnostics;
using Cairn.Contracts.Backends;
using Cairn.Plugins.Local;
using Cairn.Testing;

namespace Cairn.Backends.Tests.Local;

/// <summary>What the local backend does beyond the shared contract: the root is a wall, and writes go through hidden temporary files.</summary>
public sealed class LocalBackendTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-local");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    public async Task Names_cannot_reach_outside_the_root(string name)
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(name, new MemoryStream([1, 2, 3])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(name));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_directory.Path, "*", SearchOption.AllDirectories), p => !p.StartsWith(root, StringComparison.Ordinal));
        Assert.True(File.Exists("/etc/passwd"));
    }

    [Fact]
    public async Task A_file_url_and_a_plain_path_open_the_same_folder()
    {
        var root = Path.Combine(_directory.Path, "with space");
        var provider = new LocalBackendProvider();
        await using (var viaUrl = provider.Open(new BackendSettings(new Uri("file://" + root.Replace(" ", "%20", StringComparison.Ordinal)), new Dictionary<string, string>(), _ => null)))
        {
            await viaUrl.WriteAsync("x", new MemoryStream([42]));
        }

        await using var viaPath = provider.Open(new BackendSettings(new Uri(root), new Dictionary<string, string>(), _ => null));
        Assert.Equal(1, (await viaPath.StatAsync("x"))!.Size);
        Assert.True(File.Exists(Path.Combine(root, "x")));
    }

    [Fact]
    public void A_url_for_another_host_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalBackend.RootFromUrl(new Uri("file://server/share/backups")));
        Assert.Contains("server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_url_without_a_path_is_refused_not_read_as_the_root()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalBackend.RootFromUrl(new Uri("file://")));
        Assert.Equal("file:// URL has no path: write file:///folder or a plain path.", error.Message);
    }

    [Theory]
    [InlineData("file:///")]
    [InlineData("file:///..")]
    public void The_file_system_root_is_never_a_store(string url)
    {
        var provider = new LocalBackendProvider();
        var error = Assert.Throws<ArgumentException>(() => provider.Open(new BackendSettings(new Uri(url), new Dictionary<string, string>(), _ => null)));
        Assert.StartsWith("The local store's root cannot be the file system's root /", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LocalBackend("/"));
    }

    [Theory]
    [InlineData("file:///", "The local store's root cannot be the file system's root /")]
    [InlineData("file://server/share/backups", "The local backend cannot reach the host \"server\"")]
    public void Checking_a_target_refuses_what_open_refuses(string url, string refusal)
    {
        // profile validate asks CheckTarget; it must refuse the targets a run's Open refuses.
        var error = Assert.Throws<ArgumentException>(() => new LocalBackendProvider().CheckTarget(new Uri(url), new Dictionary<string, string>()));
        Assert.StartsWith(refusal, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checking_a_target_accepts_a_folder_and_creates_nothing()
    {
        var root = Path.Combine(_directory.Path, "store");
        new LocalBackendProvider().CheckTarget(new Uri(root), new Dictionary<string, string>());
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task A_root_that_is_a_file_is_refused_not_listed_as_an_empty_store()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        File.WriteAllText(file, "not a store");
        await using var store = new LocalBackend(file);

        var error = await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("").ToListAsync().AsTask());
        Assert.Equal($"The target {file} names a file, not a folder: give the folder that holds the backups (or is to hold them).", error.Message);
        Assert.False(error.IsTransient);
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.ListAsync("locks/").ToListAsync().AsTask());
        await Assert.ThrowsAsync<BackendRootNotAFolderException>(() => store.WriteAsync("locks/x.json", new MemoryStream([1])));
        Assert.Equal("not a store", File.ReadAllText(file));

        // A root that does not exist yet is no file: it lists empty, and the first write makes it.
        await using var fresh = new LocalBackend(Path.Combine(_directory.Path, "fresh"));
        Assert.Empty(await fresh.ListAsync("").ToListAsync());
        await fresh.WriteAsync("locks/x.json", new MemoryStream([1]));
    }

    [Fact]
    public async Task A_file_whose_name_is_not_utf8_is_left_out_of_the_listing()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        await store.WriteAsync("sets/object", new MemoryStream([1, 2]));
        // .NET cannot create such names: bash writes the 0xff bytes, and removes them again (Directory.Delete cannot).
        Bash("printf x > $'stray\\xff'; mkdir $'folder\\xff'; printf y > $'folder\\xff/inner'; printf z > $'sets/odd\\xff'", root);
        try
        {
            var listed = new List<BackendObjectInfo>();
            await foreach (var item in store.ListAsync(""))
            {
                listed.Add(item);
            }

            var only = Assert.Single(listed);
            Assert.Equal(("sets/object", 2L), (only.Name, only.Size));
        }
        finally
        {
            Bash("rm -rf -- *", root);
        }
    }

    [Fact]
    public async Task A_write_in_progress_is_a_hidden_temporary_file_next_to_the_object()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        var content = new BlockingStream(64 * 1024);
        var write = store.WriteAsync("sets/volume.1", content);
        await content.FirstReadDone.WaitAsync(TimeSpan.FromSeconds(30));

        var onDisk = Directory.GetFiles(Path.Combine(root, "sets"));
        var temporary = Assert.Single(onDisk);
        Assert.StartsWith(BackendNames.PartialUploadPrefix, Path.GetFileName(temporary), StringComparison.Ordinal);
        var listed = new List<BackendObjectInfo>();
        await foreach (var item in store.ListAsync(""))
        {
            listed.Add(item);
        }

        Assert.Empty(listed);
        Assert.Null(await store.StatAsync("sets/volume.1"));

        content.Release();
        await write;
        Assert.Equal(Path.Combine(root, "sets", "volume.1"), Assert.Single(Directory.GetFiles(Path.Combine(root, "sets"))));
    }

    [Fact]
    public async Task A_failed_write_leaves_no_temporary_file_and_keeps_the_old_object()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        await store.WriteAsync("object", new MemoryStream([1, 2, 3]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync("object", new FailingStream()));
        Assert.Equal(Path.Combine(root, "object"), Assert.Single(Directory.GetFiles(root)));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(root, "object")));
    }

    [Fact]
    public void A_full_disk_is_a_BackendFullException()
    {
        // /dev/full answers every write with ENOSPC: a real "disk full" error from the kernel.
        Assert.True(File.Exists("/dev/full"), "/dev/full is missing");
        var error = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0);
            full.Write(new byte[4096]);
            full.Flush(flushToDisk: true);
        });
        var mapped = LocalErrors.Map(error, "volume.1");
        Assert.IsType<BackendFullException>(mapped);
        Assert.False(mapped!.IsTransient);
        Assert.StartsWith("The target's disk is full: volume.1 could not be written (No space left on device", mapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_whose_folder_is_removed_while_it_is_written_fails_its_commit_saying_so()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        var writer = store.OpenObjectWriter("full-1/vol-000001.cairn");
        writer.Content.Write(new byte[100_000]);
        Directory.Delete(Path.Combine(root, "full-1"), recursive: true); // the target deleted mid-backup

        var error = await Assert.ThrowsAsync<BackendException>(() => writer.CommitAsync());
        Assert.StartsWith($"full-1/vol-000001.cairn could not be written: {Path.Combine(root, "full-1")} was removed while it was", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<BackendNotFoundException>(error);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Reading_a_folder_as_an_object_is_not_found()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        await store.WriteAsync("dir/object", new MemoryStream([1]));
        await Assert.ThrowsAnyAsync<BackendException>(() => store.OpenReadAsync("dir"));
    }

    [Fact]
    public async Task Deleting_the_last_objects_of_folders_removes_the_folders_it_emptied_but_never_the_root()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        foreach (var name in new[] { "full-1/vol.1", "full-1/sub/deep/x", "full-2/vol.1", "top" })
        {
            await store.WriteAsync(name, new MemoryStream([1]));
        }

        await store.DeleteAsync("full-1/sub/deep/x");
        Assert.False(Directory.Exists(Path.Combine(root, "full-1", "sub")), "sub/ and sub/deep/ held only x");
        Assert.True(File.Exists(Path.Combine(root, "full-1", "vol.1")));

        await store.DeleteAsync("full-1/vol.1");
        Assert.False(Directory.Exists(Path.Combine(root, "full-1")));
        Assert.True(File.Exists(Path.Combine(root, "full-2", "vol.1")));

        await store.DeleteAsync("full-2/vol.1");
        await store.DeleteAsync("top");
        await store.DeleteAsync("full-2/vol.1"); // again: still not an error
        Assert.True(Directory.Exists(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        Assert.Empty(await store.ListAsync("").ToListAsync());
    }

    [Fact]
    public async Task A_delete_leaves_a_folder_that_a_write_in_progress_uses()
    {
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        await store.WriteAsync("set/vol.1", new MemoryStream([1]));
        var content = new BlockingStream(64 * 1024);
        var write = store.WriteAsync("set/vol.2", content);
        await content.FirstReadDone.WaitAsync(TimeSpan.FromSeconds(30));

        await store.DeleteAsync("set/vol.1");
        Assert.True(Directory.Exists(Path.Combine(root, "set")), "the write's temporary file is in the folder");

        content.Release();
        await write;
        Assert.Equal(64 * 1024, (await store.StatAsync("set/vol.2"))!.Size);
    }

    [Fact]
    public async Task A_delete_removes_no_link_to_a_folder_even_when_it_looks_empty_through_the_store()
    {
        var root = Path.Combine(_directory.Path, "root");
        var elsewhere = Path.Combine(_directory.Path, "elsewhere");
        await using var store = new LocalBackend(root);
        await store.WriteAsync("top", new MemoryStream([1]));
        Directory.CreateDirectory(elsewhere);
        File.WriteAllBytes(Path.Combine(elsewhere, "kept"), [2]);
        File.CreateSymbolicLink(Path.Combine(root, "linked"), elsewhere);
        await store.WriteAsync("linked/object", new MemoryStream([3]));

        await store.DeleteAsync("linked/object");
        Assert.True(File.Exists(Path.Combine(root, "linked", "kept")), "a folder is removed only when empty, and a link is no folder");
    }

    [Fact]
    public async Task Writes_racing_deletes_that_empty_their_folder_all_succeed()
    {
        // Two writers each write an object into set/ and delete it again, over and over, while a third lists
        // set/: each delete that empties the folder removes it, often between the other writer's making sure
        // the folder exists and creating its file there. Every write must land and every listing succeed.
        var root = Path.Combine(_directory.Path, "root");
        await using var store = new LocalBackend(root);
        const int Rounds = 200;
        var done = 0;
        using var start = new Barrier(3);
        Task Writer(string name) => OnOwnThread(start, () =>
        {
            try
            {
                for (var round = 0; round < Rounds; round++)
                {
                    store.WriteAsync(name, new MemoryStream([1])).GetAwaiter().GetResult();
                    Assert.NotNull(store.StatAsync(name).GetAwaiter().GetResult());
                    store.DeleteAsync(name).GetAwaiter().GetResult();
                }
            }
            finally
            {
                Interlocked.Increment(ref done);
            }
        });

        var writers = new[] { Writer("set/a"), Writer("set/b") };
        var lister = OnOwnThread(start, () =>
        {
            while (Volatile.Read(ref done) < 2)
            {
                store.ListAsync("set/").ToListAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        await Task.WhenAll([.. writers, lister]);
        Assert.False(Directory.Exists(Path.Combine(root, "set")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    /// <summary>Runs <paramref name="work"/> on a thread of its own once every party of <paramref name="start"/> is there.</summary>
    private static Task OnOwnThread(Barrier start, Action work) =>
        Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            work();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Bash(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        start.ArgumentList.Add("-ec");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bash failed: {script}: {error}");
    }

    /// <summary>Gives some bytes, then waits until released: a write caught in the middle.</summary>
    private sealed class BlockingStream(int firstPart) : Stream
    {
        private readonly TaskCompletionSource _firstReadDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _given;

        public Task FirstReadDone => _firstReadDone.Task;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_given < firstPart)
            {
                var count = Math.Min(buffer.Length, firstPart - _given);
                buffer.Span[..count].Fill(7);
                _given += count;
                return count;
            }

            _firstReadDone.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the source broke");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("the source broke");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
