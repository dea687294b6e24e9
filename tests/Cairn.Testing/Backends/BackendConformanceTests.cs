using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends.Conformance;

namespace Cairn.Testing.Backends;

/// <summary>
/// The backend contract as xunit tests. A backend's test class inherits this and says how to open a
/// fresh, empty store; every check of <see cref="BackendConformance"/> then runs as one test.
/// </summary>
/// <example>
/// <code>
/// public sealed class LocalBackendConformanceTests : BackendConformanceTests, IDisposable
/// {
///     private readonly TempDirectory _dir = new();
///     protected override Task&lt;IBackend&gt; OpenEmptyStoreAsync() =&gt;
///         Task.FromResult&lt;IBackend&gt;(new LocalBackend(_dir.NewSubdirectory()));
///     public void Dispose() =&gt; _dir.Dispose();
/// }
/// </code>
/// </example>
public abstract class BackendConformanceTests
{
    private BackendConformance? _conformance;

    /// <summary>Opens a new store with no objects in it. Called once per test; the test disposes the store.</summary>
    protected abstract Task<IBackend> OpenEmptyStoreAsync();

    /// <summary>Sizes and counts for the checks; override to change them.</summary>
    protected virtual BackendConformanceOptions Options => new();

    /// <summary>The checks, bound to this class's store factory.</summary>
    protected BackendConformance Conformance => _conformance ??= new BackendConformance(_ => OpenEmptyStoreAsync(), Options);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [Fact]
    public Task An_empty_store_lists_nothing() => Conformance.ListsNothingInAnEmptyStoreAsync(Timeout);

    [Fact]
    public Task Listing_returns_nested_names_filtered_by_prefix() => Conformance.ListsNestedNamesByPrefixAsync(Timeout);

    [Fact]
    public Task Stat_reports_size_and_null_for_missing() => Conformance.StatReportsSizeAsync(Timeout);

    [Fact]
    public Task Whole_object_reads_back_exactly() => Conformance.ReadsWholeObjectAsync(Timeout);

    [Fact]
    public Task Empty_object_round_trips() => Conformance.RoundTripsEmptyObjectAsync(Timeout);

    [Fact]
    public Task Ranged_reads_are_exact_and_clamped_at_the_end() => Conformance.ReadsRangesAsync(Timeout);

    [Fact]
    public Task Negative_ranges_are_rejected() => Conformance.RejectsNegativeRangesAsync(Timeout);

    [Fact]
    public Task Large_object_round_trips() => Conformance.RoundTripsLargeObjectAsync(Timeout);

    [Fact]
    public Task Overwrite_replaces_the_object() => Conformance.OverwriteReplacesObjectAsync(Timeout);

    [Fact]
    public Task Readers_never_see_a_partial_write() => Conformance.WritesAreAtomicAsync(Timeout);

    [Fact]
    public Task In_place_writes_show_only_when_committed() => Conformance.InPlaceWritesAreAtomicAsync(Timeout);

    [Fact]
    public Task Missing_objects_are_not_found() => Conformance.MissingObjectsAreNotFoundAsync(Timeout);

    [Fact]
    public Task Delete_is_idempotent() => Conformance.DeleteIsIdempotentAsync(Timeout);

    [Fact]
    public Task Rename_moves_or_is_not_supported() => Conformance.RenameMovesObjectAsync(Timeout);

    [Fact]
    public Task Odd_names_round_trip() => Conformance.OddNamesRoundTripAsync(Timeout);

    [Fact]
    public Task Invalid_names_are_rejected() => Conformance.RejectsInvalidNamesAsync(Timeout);

    [Fact]
    public Task Concurrent_writes_arrive_intact() => Conformance.ConcurrentWritesArriveIntactAsync(Timeout);

    /// <summary>Pins that this base class runs every check the kit has, so a new check cannot be forgotten here.</summary>
    [Fact]
    public void Every_conformance_check_has_a_test()
    {
        var tests = typeof(BackendConformanceTests).GetMethods().Count(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0) - 1;
        Assert.Equal(Conformance.Checks.Count, tests);
    }
}
