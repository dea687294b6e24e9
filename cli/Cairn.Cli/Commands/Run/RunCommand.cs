using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Cli.Commands.Prune;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Retention;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Run;

/// <summary><c>cairn run PROFILE</c>: a backup as the profile says, then its retention policy.</summary>
internal sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = new TargetSettings { Profile = settings.ProfileName, CacheDirectory = settings.CacheDirectory };
        var writes = !settings.DryRun;
        await using var session = await HeadStarts.TakeBackupAsync(target, writes) ?? EngineSession.Open(target, writes);
        return await HookedBackup.RunAsync(session, settings.DryRun, async () =>
        {
            var flags = new BackupFlags(settings.Full, settings.DryRun, BreakLock: false, settings.AllowSourceMismatch, settings.AllowEmptyTarget);
            var result = await BackupCommand.RunAsync(session, flags, json: false, cancellationToken);
            if (session.Profile.Policy.KeepFull is { } keepFull)
            {
                var prune = await PruneJob.RunAsync(session.Context, new RetentionPolicy { KeepFull = keepFull }, force: !settings.DryRun, breakLock: false, cancellationToken);
                PruneCommand.Print(prune, json: false);
            }

            return (BackupCommand.ExitCodeOf(result), result.Set.ToString());
        }, cancellationToken);
    }

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PROFILE>")]
        [Description("The profile: a YAML file, or a name looked up in ~/.config/cairn/profiles/.")]
        public string ProfileName { get; init; } = "";

        [CommandOption("--full")]
        [Description("Start a new chain with a full backup.")]
        public bool Full { get; init; }

        [CommandOption("--dry-run")]
        [Description("Scan and measure; write and remove nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--allow-source-mismatch")]
        [Description("Back up even though the target's newest backup is of another folder or host (a moved folder, a renamed host), or the source folder is empty on another file system than before.")]
        public bool AllowSourceMismatch { get; init; }

        [CommandOption("--allow-empty-target")]
        [Description("Back up even though the target holds none of the backups this machine has seen there (an emptied target, on purpose).")]
        public bool AllowEmptyTarget { get; init; }

        [CommandOption("--cache-dir <DIR>")]
        [Description("The cache root (default $XDG_CACHE_HOME/cairn).")]
        public string? CacheDirectory { get; init; }
    }
}
