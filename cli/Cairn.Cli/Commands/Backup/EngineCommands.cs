using Cairn.Cli.Commands.Cleanup;
using Cairn.Cli.Commands.List;
using Cairn.Cli.Commands.Prune;
using Cairn.Cli.Commands.Restore;
using Cairn.Cli.Commands.Run;
using Cairn.Cli.Commands.Status;
using Cairn.Cli.Commands.Verify;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Backup;

/// <summary>The engine's commands: backup, run, restore, list, status, verify, prune, cleanup.</summary>
internal static class EngineCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<BackupCommand>("backup").WithDescription("Back up the source: a full backup, or an incremental on the newest chain.");
        config.AddCommand<RunCommand>("run").WithDescription("Run a profile: back up, then apply its retention policy.");
        config.AddCommand<RestoreCommand>("restore").WithDescription("Restore the tree, or chosen paths, as of any backup time.");
        config.AddCommand<ListCommand>("list").WithDescription("List the files of a backup.");
        config.AddCommand<StatusCommand>("status").WithDescription("Show the chains, sets, volumes, sizes and what each restore needs.");
        config.AddCommand<VerifyCommand>("verify").WithDescription("Check every object, frame and file hash; optionally compare with the source.");
        config.AddCommand<PruneCommand>("prune").WithDescription("Remove old backups by policy (dry run unless --force).");
        config.AddCommand<CleanupCommand>("cleanup").WithDescription("Remove partial sets, broken incrementals, stray objects and stale locks (dry run unless --force).");
    }
}
