using Cairn.Contracts.Backends;
using static Cairn.Hosting.Backends.Conformance.ConformanceContent;

namespace Cairn.Hosting.Backends.Conformance;

public sealed partial class BackendConformance
{
    /// <summary>Writing a name that exists replaces the object, whether the new one is shorter or longer.</summary>
    public Task OverwriteReplacesObjectAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var first = Bytes(5000, 21);
        var shorter = Bytes(100, 22);
        var longer = Bytes(9000, 23);
        await WriteBytesAsync(store, "x/replaced", first, cancellationToken).ConfigureAwait(false);
        await WriteBytesAsync(store, "x/replaced", shorter, cancellationToken).ConfigureAwait(false);
        Equal(shorter, await ReadBytesAsync(store, "x/replaced", cancellationToken).ConfigureAwait(false), "reading after overwriting with a shorter object");
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("x/replaced", 100)], "listing after an overwrite");
        await WriteBytesAsync(store, "x/replaced", longer, cancellationToken).ConfigureAwait(false);
        Equal(longer, await ReadBytesAsync(store, "x/replaced", cancellationToken).ConfigureAwait(false), "reading after overwriting with a longer object");
        EqualValue(9000L, (await store.StatAsync("x/replaced", cancellationToken).ConfigureAwait(false))?.Size ?? -1, "stat after an overwrite");
    }, cancellationToken);

    /// <summary>
    /// While a writer is stopped halfway through its content, readers of the name see the old object
    /// (when replacing) or no object (when creating), in reads, stats and listings; afterwards, the whole new one.
    /// </summary>
    public Task WritesAreAtomicAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var old = Bytes(3000, 31);
        var replacement = Bytes(2 << 20, 32);
        var created = Bytes(1 << 20, 33);
        await WriteBytesAsync(store, "atomic/replaced", old, cancellationToken).ConfigureAwait(false);

        using var replacing = new SlowContentStream(replacement, replacement.Length / 2);
        using var creating = new SlowContentStream(created, created.Length / 2);
        var replaceTask = store.WriteAsync("atomic/replaced", replacing, cancellationToken);
        var createTask = store.WriteAsync("atomic/created", creating, cancellationToken);
        try
        {
            await WaitPausedAsync(replacing, replaceTask).ConfigureAwait(false);
            await WaitPausedAsync(creating, createTask).ConfigureAwait(false);

            Equal(old, await ReadBytesAsync(store, "atomic/replaced", cancellationToken).ConfigureAwait(false), "reading an object while its replacement is half written");
            EqualValue(3000L, (await store.StatAsync("atomic/replaced", cancellationToken).ConfigureAwait(false))?.Size ?? -1, "stat of an object while its replacement is half written");
            True(await store.StatAsync("atomic/created", cancellationToken).ConfigureAwait(false) is null, "stat of a new object while it is half written is not null");
            await ThrowsAsync<BackendNotFoundException>(() => store.OpenReadAsync("atomic/created", 0, null, cancellationToken), "reading a new object while it is half written").ConfigureAwait(false);
            Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("atomic/replaced", 3000)], "listing while two writes are half done");
        }
        finally
        {
            replacing.Release();
            creating.Release();
        }

        await Task.WhenAll(replaceTask, createTask).ConfigureAwait(false);
        Equal(replacement, await ReadBytesAsync(store, "atomic/replaced", cancellationToken).ConfigureAwait(false), "reading the replaced object after its write");
        Equal(created, await ReadBytesAsync(store, "atomic/created", cancellationToken).ConfigureAwait(false), "reading the created object after its write");
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false),
            [("atomic/created", created.Length), ("atomic/replaced", replacement.Length)], "listing after both writes");
    }, cancellationToken);

    /// <summary>
    /// A store that writes objects in place (<see cref="IBackend.OpenObjectWriter"/>; others pass): nothing shows under
    /// the name until the commit, which replaces an object of that name whole; a writer disposed without a commit
    /// leaves nothing; a second commit is refused.
    /// </summary>
    public Task InPlaceWritesAreAtomicAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var old = Bytes(3000, 61);
        var replacement = Bytes((1 << 20) + 17, 62);
        await WriteBytesAsync(store, "in-place/replaced", old, cancellationToken).ConfigureAwait(false);
        var replacing = store.OpenObjectWriter("in-place/replaced");
        if (replacing is null)
        {
            return;
        }

        await using (replacing.ConfigureAwait(false))
        {
            var created = store.OpenObjectWriter("in-place/new/created") ?? throw new BackendConformanceException("a second in-place write was refused.");
            await using (created.ConfigureAwait(false))
            {
                await replacing.Content.WriteAsync(replacement, cancellationToken).ConfigureAwait(false);
                await created.Content.WriteAsync(replacement.AsMemory(0, 5000), cancellationToken).ConfigureAwait(false);
                Equal(old, await ReadBytesAsync(store, "in-place/replaced", cancellationToken).ConfigureAwait(false), "reading an object while its replacement is written in place");
                True(await store.StatAsync("in-place/new/created", cancellationToken).ConfigureAwait(false) is null, "stat of an object written in place, before its commit, is not null");
                Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("in-place/replaced", 3000)], "listing while two objects are written in place");
                await replacing.CommitAsync(cancellationToken).ConfigureAwait(false);
                await ThrowsAsync<InvalidOperationException>(() => replacing.CommitAsync(cancellationToken), "committing an in-place write twice").ConfigureAwait(false);
            }
        }

        Equal(replacement, await ReadBytesAsync(store, "in-place/replaced", cancellationToken).ConfigureAwait(false), "reading an object replaced in place");
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("in-place/replaced", replacement.Length)],
            "listing after one in-place write was committed and one dropped");
        if (store is IPartialUploads uploads)
        {
            await foreach (var left in uploads.ListPartialUploadsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new BackendConformanceException($"an in-place write dropped without a commit left {left.Name}.");
            }
        }
    }, cancellationToken);

    /// <summary>Missing objects: reads are <see cref="BackendNotFoundException"/>, stat is null, delete succeeds, rename is not found.</summary>
    public Task MissingObjectsAreNotFoundAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await ThrowsAsync<BackendNotFoundException>(() => store.OpenReadAsync("missing", 0, null, cancellationToken), "reading a missing object").ConfigureAwait(false);
        await ThrowsAsync<BackendNotFoundException>(() => store.OpenReadAsync("no/such/folder/missing", 10, 10, cancellationToken), "reading a range of a missing object in a missing folder").ConfigureAwait(false);
        True(await store.StatAsync("no/such/folder/missing", cancellationToken).ConfigureAwait(false) is null, "stat of a missing object is not null");
        await store.DeleteAsync("no/such/folder/missing", cancellationToken).ConfigureAwait(false);
        if (store.Capabilities.HasFlag(BackendCapabilities.Rename))
        {
            await ThrowsAsync<BackendNotFoundException>(() => store.RenameAsync("missing", "elsewhere", cancellationToken), "renaming a missing object").ConfigureAwait(false);
            True(await store.StatAsync("elsewhere", cancellationToken).ConfigureAwait(false) is null, "a failed rename created its destination");
        }
    }, cancellationToken);

    /// <summary>Delete removes the object from reads, stats and listings; deleting it again is not an error.</summary>
    public Task DeleteIsIdempotentAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await WriteBytesAsync(store, "d/gone", Bytes(500, 41), cancellationToken).ConfigureAwait(false);
        await WriteBytesAsync(store, "d/kept", Bytes(600, 42), cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync("d/gone", cancellationToken).ConfigureAwait(false);
        True(await store.StatAsync("d/gone", cancellationToken).ConfigureAwait(false) is null, "stat after delete is not null");
        await ThrowsAsync<BackendNotFoundException>(() => store.OpenReadAsync("d/gone", 0, null, cancellationToken), "reading a deleted object").ConfigureAwait(false);
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("d/kept", 600)], "listing after a delete");
        await store.DeleteAsync("d/gone", cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync("d/kept", cancellationToken).ConfigureAwait(false);
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [], "listing after deleting everything");
    }, cancellationToken);

    /// <summary>With <see cref="BackendCapabilities.Rename"/>, rename moves an object (replacing the destination); without it, rename is <see cref="NotSupportedException"/>.</summary>
    public Task RenameMovesObjectAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var moving = Bytes(700, 51);
        await WriteBytesAsync(store, "r/source", moving, cancellationToken).ConfigureAwait(false);
        if (!store.Capabilities.HasFlag(BackendCapabilities.Rename))
        {
            await ThrowsAsync<NotSupportedException>(() => store.RenameAsync("r/source", "r/target", cancellationToken), "renaming on a store without the Rename capability").ConfigureAwait(false);
            return;
        }

        await WriteBytesAsync(store, "elsewhere/target", Bytes(10, 52), cancellationToken).ConfigureAwait(false);
        await store.RenameAsync("r/source", "elsewhere/target", cancellationToken).ConfigureAwait(false);
        Equal(moving, await ReadBytesAsync(store, "elsewhere/target", cancellationToken).ConfigureAwait(false), "reading a renamed object");
        True(await store.StatAsync("r/source", cancellationToken).ConfigureAwait(false) is null, "the source of a rename still exists");
        await store.RenameAsync("elsewhere/target", "new/folder/target", cancellationToken).ConfigureAwait(false);
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("new/folder/target", 700)], "listing after renames");
    }, cancellationToken);

    /// <summary>Many objects written at the same time all arrive whole.</summary>
    public Task ConcurrentWritesArriveIntactAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var count = _options.ConcurrentObjects;
        var contents = Enumerable.Range(0, count).Select(i => Bytes(1000 + (i * 7919 % 200_000), 100 + i)).ToArray();
        await Task.WhenAll(contents.Select((content, i) => WriteBytesAsync(store, $"many/{i % 4}/object-{i:D3}", content, cancellationToken))).ConfigureAwait(false);
        Listed(await ListAllAsync(store, "many/", cancellationToken).ConfigureAwait(false),
            contents.Select((content, i) => ($"many/{i % 4}/object-{i:D3}", (long)content.Length)), "listing after concurrent writes");
        var readBack = await Task.WhenAll(contents.Select((_, i) => ReadBytesAsync(store, $"many/{i % 4}/object-{i:D3}", cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            Equal(contents[i], readBack[i], $"reading many/{i % 4}/object-{i:D3}");
        }
    }, cancellationToken);

    private async Task WaitPausedAsync(SlowContentStream content, Task writer)
    {
        var first = await Task.WhenAny(content.Paused, writer, Task.Delay(_options.SlowWriterTimeout)).ConfigureAwait(false);
        if (first == writer)
        {
            await writer.ConfigureAwait(false);
            throw new BackendConformanceException("a write finished before reading all of its content.");
        }

        if (first != content.Paused)
        {
            throw new BackendConformanceException($"a write did not read the first half of its content within {_options.SlowWriterTimeout.TotalSeconds} s.");
        }
    }
}
