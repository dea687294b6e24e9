using Cairn.Cli.Commands.Backup;

namespace Cairn.Cli.Tests.Startup;

/// <summary>The program has Spectre.Console draw a table off screen first only for a command that will draw one.</summary>
public sealed class TableWarmUpTests
{
    [Theory]
    [InlineData(true, "status")]
    [InlineData(true, "--verbose", "status", "--target", "file:///t")]
    [InlineData(false, "status", "--json")]
    [InlineData(false, "list")]
    [InlineData(false, "restore", "--target", "file:///t", "/out")]
    [InlineData(false)]
    public void Only_a_command_that_draws_a_table_warms_tables_up(bool expected, params string[] args) =>
        Assert.Equal(expected, EngineCommands.DrawTables(args));
}
