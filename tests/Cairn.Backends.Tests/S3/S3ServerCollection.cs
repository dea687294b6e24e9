using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.S3;

/// <summary>One s3rver for every S3 test class of this assembly (xunit needs the definition here).</summary>
[CollectionDefinition(S3ServerFixture.Collection)]
public sealed class S3ServerCollection : ICollectionFixture<S3ServerFixture>;
