using Cairn.Contracts.Backends;
using Cairn.Plugins.S3;
using Cairn.Testing.Backends;
using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.S3;

/// <summary>The s3 backend against the whole backend contract, on a real s3rver, each test under a new prefix.</summary>
[Collection(S3ServerFixture.Collection)]
public sealed class S3BackendConformanceTests(S3ServerFixture s3) : BackendConformanceTests
{
    protected override Task<IBackend> OpenEmptyStoreAsync()
    {
        var options = s3.StoreOptions();
        options["part-size"] = "5"; // The large object (24 MiB) goes up in five parts, several at once.
        return Task.FromResult(new S3BackendProvider().Open(new BackendSettings(s3.NewStoreUrl(), options, s3.ResolveSecret)));
    }
}
