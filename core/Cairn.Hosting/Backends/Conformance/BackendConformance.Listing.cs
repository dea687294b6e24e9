using Cairn.Contracts.Backends;
using static Cairn.Hosting.Backends.Conformance.ConformanceContent;

namespace Cairn.Hosting.Backends.Conformance;

public sealed partial class BackendConformance
{
    /// <summary>An empty store lists nothing, with or without a prefix.</summary>
    public Task ListsNothingInAnEmptyStoreAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [], "listing an empty store");
        Listed(await ListAllAsync(store, "sets/", cancellationToken).ConfigureAwait(false), [], "listing prefix sets/ of an empty store");
    }, cancellationToken);

    /// <summary>Nested names are listed with their full names and sizes; prefixes filter by string, not by folder.</summary>
    public Task ListsNestedNamesByPrefixAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        (string Name, long Size)[] objects =
        [
            ("a.txt", 10), ("dir/b.txt", 20), ("dir/sub/c.txt", 30), ("dir/sub/deeper/d.bin", 0), ("dirx/e.txt", 40), ("other", 50),
        ];
        var seed = 1;
        foreach (var (name, size) in objects)
        {
            await WriteBytesAsync(store, name, Bytes((int)size, seed++), cancellationToken).ConfigureAwait(false);
        }

        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), objects, "listing everything");
        Listed(await ListAllAsync(store, "dir/", cancellationToken).ConfigureAwait(false),
            objects.Where(o => o.Name.StartsWith("dir/", StringComparison.Ordinal)), "listing prefix dir/");
        Listed(await ListAllAsync(store, "dir", cancellationToken).ConfigureAwait(false),
            objects.Where(o => o.Name.StartsWith("dir", StringComparison.Ordinal)), "listing prefix dir (matches dir/ and dirx/)");
        Listed(await ListAllAsync(store, "dir/sub/c", cancellationToken).ConfigureAwait(false),
            [("dir/sub/c.txt", 30)], "listing prefix dir/sub/c");
        Listed(await ListAllAsync(store, "a.txt", cancellationToken).ConfigureAwait(false), [("a.txt", 10)], "listing a full name as prefix");
        Listed(await ListAllAsync(store, "nothing/", cancellationToken).ConfigureAwait(false), [], "listing a prefix nothing has");
    }, cancellationToken);

    /// <summary>Stat returns the size of an object, and null for a missing name or a name that is only a folder of others.</summary>
    public Task StatReportsSizeAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await WriteBytesAsync(store, "dir/object", Bytes(1234, 7), cancellationToken).ConfigureAwait(false);
        var info = await store.StatAsync("dir/object", cancellationToken).ConfigureAwait(false);
        True(info is not null, "stat of an object just written returned null");
        EqualValue("dir/object", info!.Name, "stat's name");
        EqualValue(1234L, info.Size, "stat's size");
        True(await store.StatAsync("missing", cancellationToken).ConfigureAwait(false) is null, "stat of a missing object is not null");
        True(await store.StatAsync("dir", cancellationToken).ConfigureAwait(false) is null, "stat of a name that is only a folder is not null");
    }, cancellationToken);
}
