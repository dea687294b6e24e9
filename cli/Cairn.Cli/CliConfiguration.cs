using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary>The command-line settings every <c>cairn</c> shares: the program and the tests apply the same ones.</summary>
internal static class CliConfiguration
{
    /// <summary>Names the application, makes parsing strict and registers every command.</summary>
    public static void Apply(IConfigurator config)
    {
        config.SetApplicationName("cairn");

        // `cairn --version` (and -v), what scripts and bug reports reach for first, says what `cairn version` does.
        config.SetApplicationVersion(VersionCommand.Text);

        // An unknown or misspelt option is an error, never silently dropped (`--ful`, `--passphrase-evn`).
        config.UseStrictParsing();

        // Each command group registers itself from its own folder under Commands/.
        CommandRegistry.Register(config);
    }
}
