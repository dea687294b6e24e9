using Cairn.Contracts.Backends;
using static Cairn.Hosting.Backends.Conformance.ConformanceContent;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>
/// The behaviour every <see cref="IBackend"/> must show, as plain async checks that throw
/// <see cref="BackendConformanceException"/> on failure. The xunit base class <c>BackendConformanceTests</c>
/// runs each as a test; <c>cairn plugins test</c> runs <see cref="Checks"/> against a live store.
/// Each check opens its own fresh, empty store through the factory and disposes it.
/// </summary>
public sealed partial class BackendConformance
{
    private readonly Func<CancellationToken, Task<IBackend>> _openEmptyStore;
    private readonly BackendConformanceOptions _options;

    /// <summary>Creates the checks.</summary>
    /// <param name="openEmptyStore">Opens a fresh store with no objects in it; called once per check.</param>
    /// <param name="options">Sizes and counts; the defaults suit a local server.</param>
    public BackendConformance(Func<CancellationToken, Task<IBackend>> openEmptyStore, BackendConformanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(openEmptyStore);
        _openEmptyStore = openEmptyStore;
        _options = options ?? new BackendConformanceOptions();
        Checks =
        [
            new("empty-listing", "An empty store lists nothing.", ListsNothingInAnEmptyStoreAsync),
            new("listing-prefixes", "Listing returns nested names with sizes, filtered by prefix.", ListsNestedNamesByPrefixAsync),
            new("stat", "Stat returns the size of an object and null for a missing object or a folder.", StatReportsSizeAsync),
            new("whole-read", "An object reads back exactly as written.", ReadsWholeObjectAsync),
            new("empty-object", "A zero-byte object round-trips.", RoundTripsEmptyObjectAsync),
            new("ranged-reads", "Ranged reads return exact bytes; ranges past the end are clamped to it.", ReadsRangesAsync),
            new("invalid-ranges", "Negative offsets and lengths are rejected.", RejectsNegativeRangesAsync),
            new("large-object", "A large object written from a pipe round-trips, whole and in ranges.", RoundTripsLargeObjectAsync),
            new("overwrite", "Writing an existing name replaces the object.", OverwriteReplacesObjectAsync),
            new("atomic-writes", "While a slow write is in progress, readers see the old object or none, never a part.", WritesAreAtomicAsync),
            new("in-place-writes", "An object written in place shows only when committed, whole; dropped, it leaves nothing.", InPlaceWritesAreAtomicAsync),
            new("not-found", "Reading a missing object is BackendNotFoundException; stat is null; rename is not found.", MissingObjectsAreNotFoundAsync),
            new("delete", "Delete removes an object and is idempotent.", DeleteIsIdempotentAsync),
            new("rename", "Rename moves an object over another, or is NotSupportedException without the capability.", RenameMovesObjectAsync),
            new("odd-names", "Names with spaces, unicode, #, %, +, = and other punctuation round-trip.", OddNamesRoundTripAsync),
            new("invalid-names", "Absolute, empty, '.', '..', '//' and NUL names are rejected by every operation.", RejectsInvalidNamesAsync),
            new("concurrent-writes", "Many objects written at once all arrive intact.", ConcurrentWritesArriveIntactAsync),
        ];
    }

    /// <summary>Every check, in a sensible order.</summary>
    public IReadOnlyList<BackendConformanceCheck> Checks { get; }

    private async Task WithStoreAsync(Func<IBackend, Task> check, CancellationToken cancellationToken)
    {
        var store = await _openEmptyStore(cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            await check(store).ConfigureAwait(false);
        }
    }

    private static async Task WriteBytesAsync(IBackend store, string name, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await store.WriteAsync(name, stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBytesAsync(IBackend store, string name, CancellationToken cancellationToken, long offset = 0, long? length = null) =>
        await ReadAllAsync(await store.OpenReadAsync(name, offset, length, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async Task<List<BackendObjectInfo>> ListAllAsync(IBackend store, string prefix, CancellationToken cancellationToken)
    {
        var items = new List<BackendObjectInfo>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return items;
    }

    private static void Listed(IReadOnlyList<BackendObjectInfo> actual, IEnumerable<(string Name, long Size)> expected, string what)
    {
        var want = expected.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var got = actual.Select(a => (a.Name, a.Size)).ToList();
        if (!want.SequenceEqual(got))
        {
            static string Show(IEnumerable<(string Name, long Size)> items) =>
                items.Any() ? string.Join(", ", items.Select(i => $"{BackendNames.Printable(i.Name)} ({i.Size})")) : "nothing";
            throw new BackendConformanceException($"{what}: expected {Show(want)}; listed {Show(got)}.");
        }
    }

    private static async Task ThrowsAsync<TException>(Func<Task> action, string what)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException)
        {
            return;
        }
        catch (Exception e)
        {
            throw new BackendConformanceException($"{what}: expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}", e);
        }

        throw new BackendConformanceException($"{what}: expected {typeof(TException).Name}, but the call succeeded.");
    }
}
