using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.S3;

/// <summary>One moto server for every test class of this assembly that needs the multipart-upload listing s3rver lacks.</summary>
[CollectionDefinition(MotoServerFixture.Collection)]
public sealed class MotoServerCollection : ICollectionFixture<MotoServerFixture>;
