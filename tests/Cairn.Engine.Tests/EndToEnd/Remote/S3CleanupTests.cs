using Cairn.Engine.Maintenance;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Cairn.Testing.Servers;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>
/// cleanup on a real s3rver, which answers ListMultipartUploads with 501 Not Implemented: the interrupted uploads
/// cannot be looked for, and cleanup says so in a warning while it removes everything else.
/// </summary>
[Collection(S3ServerFixture.Collection)]
public sealed class S3CleanupTests(S3ServerFixture s3) : IDisposable
{
    private readonly string _keyIdVariable = "CAIRN_TEST_S3_KEY_ID_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _secretVariable = "CAIRN_TEST_S3_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly TempDirectory _temp = new("cairn-s3-cleanup");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, null);
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _temp.Dispose();
    }

    [Fact]
    public async Task A_store_that_cannot_list_its_uploads_gets_a_warning_and_the_rest_of_the_cleanup_is_done()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, S3ServerFixture.AccessKeyId);
        Environment.SetEnvironmentVariable(_secretVariable, S3ServerFixture.SecretAccessKey);
        var options = s3.StoreOptions();
        options["access-key-id-env"] = _keyIdVariable;
        options["secret-access-key-env"] = _secretVariable;
        await using var job = ProfileJob.Open(Path.Combine(_temp.Path, "job"), "s3", s3.NewStoreUrl(), options);
        var warnings = new List<string>();
        var context = job.Context with { Warn = warnings.Add };
        // What a backup killed after its first volume leaves: a set with objects and no manifest.
        await context.Backend.WriteAsync("full-20261125T010000Z/vol-000001.cairn", new MemoryStream(TestFiles.Random(1, 3000)));

        var removed = await CleanupJob.RunAsync(context, force: true, breakLock: false, CancellationToken.None);

        Assert.Equal(new CleanupItem("full-20261125T010000Z/", "partial set (no manifest)", 3000), Assert.Single(removed));
        Assert.Empty(await context.Backend.ListAsync("").ToListAsync());
        var warning = Assert.Single(warnings);
        Assert.StartsWith("could not list interrupted uploads: ", warning, StringComparison.Ordinal);
        Assert.Contains("does not support the request for the listing of incomplete multipart uploads", warning, StringComparison.Ordinal);
    }
}
