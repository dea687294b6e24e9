using Cairn.Cli.Commands.Cleanup;
using Cairn.Cli.Commands.Diff;
using Cairn.Cli.Commands.History;
using Cairn.Cli.Commands.List;
using Cairn.Cli.Commands.Prune;
using Cairn.Cli.Commands.Restore;
using Cairn.Cli.Commands.Run;
using Cairn.Cli.Commands.Status;
using Cairn.Cli.Commands.Verify;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Backup;

/// <summary>The engine's commands: backup, run, restore, list, history, diff, status, verify, prune, cleanup.</summary>
internal static class EngineCommands
{
    private const string Backup = "backup", Run = "run", Restore = "restore", List = "list", History = "history", Diff = "diff", Status = "status", Verify = "verify", Prune = "prune", Cleanup = "cleanup";

    /// <summary>The commands' names: each reads or writes set manifests.</summary>
    private static readonly string[] Names = [Backup, Run, Restore, List, History, Diff, Status, Verify, Prune, Cleanup];

    /// <summary>
    /// Whether <paramref name="args"/> run one of these commands, judged from the first word that is not an option
    /// before Spectre.Console.Cli parses them: only these read manifests, so only these warm their serializer up.
    /// </summary>
    public static bool AreRunBy(IReadOnlyList<string> args) =>
        args.FirstOrDefault(a => !a.StartsWith('-')) is { } command && Names.Contains(command, StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="args"/> run a command that draws a table (<c>status</c>, unless it writes JSON), judged as
    /// <see cref="AreRunBy"/> judges: only then is Spectre.Console's table layout worth warming up.
    /// </summary>
    public static bool DrawTables(IReadOnlyList<string> args) =>
        args.FirstOrDefault(a => !a.StartsWith('-')) == Status && !args.Contains("--json", StringComparer.Ordinal);

    public static void Register(IConfigurator config)
    {
        config.AddCommand<BackupCommand>(Backup).WithDescription("Back up the source: a full backup, or an incremental on the newest chain.");
        config.AddCommand<RunCommand>(Run).WithDescription("Run a profile: back up, then apply its retention policy.");
        config.AddCommand<RestoreCommand>(Restore).WithDescription("Restore the tree, or chosen paths, as of any backup time.");
        config.AddCommand<ListCommand>(List).WithDescription("List the files of a backup.");
        config.AddCommand<DiffCommand>(Diff).WithDescription("Show what changed between two backups: files added, removed and changed.");
        config.AddCommand<HistoryCommand>(History).WithDescription("Show the versions a file had across all backups, and the times that restore each.");
        config.AddCommand<StatusCommand>(Status).WithDescription("Show the chains, sets, volumes, sizes and what each restore needs.");
        config.AddCommand<VerifyCommand>(Verify).WithDescription("Check every object, frame and file hash; optionally compare with the source.");
        config.AddCommand<PruneCommand>(Prune).WithDescription("Remove old backups by policy (dry run unless --force).");
        config.AddCommand<CleanupCommand>(Cleanup).WithDescription("Remove partial sets, broken incrementals, stray objects and stale locks (dry run unless --force).");
    }
}
