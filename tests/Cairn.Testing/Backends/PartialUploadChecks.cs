using Cairn.Contracts.Backends;

namespace Cairn.Testing.Backends;

/// <summary>
/// What every backend's <see cref="IPartialUploads"/> must do, checked against its real server: an unfinished upload
/// left on the server (as by a writer that was killed) is listed with its size and time, stays out of the object
/// listing, is removed, and the objects beside it are untouched.
/// </summary>
public static class PartialUploadChecks
{
    /// <summary>The object the upload lies beside.</summary>
    public const string ObjectName = "full-20260101T000000Z/vol-000001.cairn";

    /// <summary>An object in another folder.</summary>
    public const string OtherObjectName = "stray";

    /// <summary>
    /// Fills <paramref name="store"/> (empty) with two objects, lets <paramref name="leavePartialUploadAsync"/> leave an
    /// unfinished upload of the bytes it is given on the server, and checks that the store lists it under the name
    /// that call returns and removes it, and nothing else. Returns the upload as listed.
    /// </summary>
    public static async Task<PartialUpload> ListedAndRemovedAsync(IBackend store, int size, Func<byte[], Task<string>> leavePartialUploadAsync)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(leavePartialUploadAsync);
        var uploads = Assert.IsAssignableFrom<IPartialUploads>(store);
        var content = StoreContent.Random(3000, 11);
        var other = StoreContent.Random(10, 12);
        await store.WriteAsync(ObjectName, new MemoryStream(content));
        await store.WriteAsync(OtherObjectName, new MemoryStream(other));
        Assert.Empty(await uploads.ListPartialUploadsAsync().ToListAsync());

        var name = await leavePartialUploadAsync(StoreContent.Random(size, 13));
        var listed = Assert.Single(await uploads.ListPartialUploadsAsync().ToListAsync());
        Assert.Equal(name, listed.Name);
        Assert.Equal(size, listed.Size);
        Assert.NotNull(listed.LastModified);
        Assert.InRange(listed.LastModified.Value, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal([ObjectName, OtherObjectName], (await store.ListAsync("").ToListAsync()).Select(o => o.Name).Order(StringComparer.Ordinal));

        // The removal takes only uploads: an object's name is refused, never deleted.
        await Assert.ThrowsAsync<ArgumentException>(() => uploads.DeletePartialUploadAsync(new PartialUpload(OtherObjectName, other.Length)));
        await Assert.ThrowsAsync<ArgumentException>(() => uploads.DeletePartialUploadAsync(new PartialUpload("../" + BackendNames.PartialUploadPrefix + "x", 0)));

        await uploads.DeletePartialUploadAsync(listed);
        Assert.Empty(await uploads.ListPartialUploadsAsync().ToListAsync());
        await uploads.DeletePartialUploadAsync(listed); // Gone already: a retried removal succeeds.

        Assert.Equal([ObjectName, OtherObjectName], (await store.ListAsync("").ToListAsync()).Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.Equal(content, await StoreContent.ReadAllAsync(store, ObjectName));
        Assert.Equal(other, await StoreContent.ReadAllAsync(store, OtherObjectName));
        return listed;
    }
}
