using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Plugins;

/// <summary><c>cairn plugins ...</c>: what plugins Cairn finds, and what is wrong with the broken ones.</summary>
internal static class PluginsCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("plugins", plugins =>
        {
            plugins.SetDescription("The compressor, cipher, recipient and backend plugins Cairn finds.");
            plugins.AddCommand<PluginsListCommand>("list")
                .WithDescription("List the plugins found (id, kind, version, folder) and the problems of broken ones.");
            plugins.AddCommand<PluginsTestCommand>("test")
                .WithDescription("Run the backend conformance checks against a live target.");
        });
    }
}
