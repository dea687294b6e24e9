using Cairn.Testing.Servers;

namespace Cairn.Engine.Tests.EndToEnd.Remote;

/// <summary>One sshd for the SFTP tests of this assembly (xunit needs the definition here).</summary>
[CollectionDefinition(SshServerFixture.Collection)]
public sealed class SshServerCollection : ICollectionFixture<SshServerFixture>;
