using Cairn.Testing.Servers;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>One s3rver for the S3 tests of this assembly (xunit needs the definition here).</summary>
[CollectionDefinition(S3ServerFixture.Collection)]
public sealed class S3ServerCollection : ICollectionFixture<S3ServerFixture>;
