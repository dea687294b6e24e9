using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary>The command-line settings every <c>cairn</c> shares: the program and the tests apply the same ones.</summary>
internal static class CliConfiguration
{
    /// <summary>Names the application, makes parsing strict and registers every command.</summary>
    public static void Apply(IConfigurator config)
    {
        config.SetApplicationName("cairn");

        // An unknown or misspelt option is an error, never silently dropped (`--ful`, `--passphrase-evn`).
        config.UseStrictParsing();

        // Each command group registers itself from its own folder under Commands/.
        CommandRegistry.Register(config);
    }
}
