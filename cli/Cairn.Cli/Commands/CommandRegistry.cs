using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary>The one list of command groups; each group's <c>Register</c> lives beside its commands.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<VersionCommand>("version").WithDescription("Print Cairn's version.");
        config.AddCommand<RdiffCommand>("rdiff")
            .WithDescription("rsync signatures, deltas and patches, byte-compatible with librsync's rdiff (cairn rdiff --help).");
        Commands.Archive.ArchiveCommands.Register(config);
        Commands.Plugins.PluginsCommands.Register(config);
        Commands.Profiles.ProfileCommands.Register(config);
        Commands.Keygen.KeygenCommand.Register(config);
        Commands.Backup.EngineCommands.Register(config);
    }
}
