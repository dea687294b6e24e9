using Cairn.Testing.Servers;

namespace Cairn.Backends.Tests.Sftp;

/// <summary>One sshd for every SFTP test class of this assembly (xunit needs the definition here).</summary>
[CollectionDefinition(SshServerFixture.Collection)]
public sealed class SshServerCollection : ICollectionFixture<SshServerFixture>;
