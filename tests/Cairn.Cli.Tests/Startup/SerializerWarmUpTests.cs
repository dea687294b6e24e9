using Cairn.Cli.Commands.Backup;

namespace Cairn.Cli.Tests.Startup;

/// <summary>The program warms the manifests' serializer up only for the commands that read manifests (and not when a head start derives a key on the idle core).</summary>
public sealed class SerializerWarmUpTests
{
    [Theory]
    [InlineData(true, "restore", "--path", "a", "--target", "file:///t", "/out")]
    [InlineData(true, "--verbose", "status")]
    [InlineData(true, "backup")]
    [InlineData(true, "cleanup", "--force")]
    [InlineData(false, "archive", "create", "x.cairn", "src")]
    [InlineData(false, "keygen")]
    [InlineData(false, "--help")]
    [InlineData(false)]
    [InlineData(false, "Restore")]
    public void Only_the_engine_commands_warm_the_serializer_up(bool expected, params string[] args) =>
        Assert.Equal(expected, EngineCommands.AreRunBy(args));
}
