using System.ComponentModel;
using System.Diagnostics;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Engine.Backup;
using Cairn.Engine.FileSystem;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Backup;

/// <summary><c>cairn backup</c>: a full or incremental backup of the source to the target.</summary>
internal sealed class BackupCommand : AsyncCommand<BackupCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var writes = !settings.DryRun;
        await using var session = await HeadStarts.TakeBackupAsync(settings, writes) ?? EngineSession.Open(settings, writes);
        return await HookedBackup.RunAsync(session, settings.DryRun, async () =>
        {
            var rules = session.RulesWith(settings.Include, settings.Exclude, settings.ExcludeIfPresent, settings.ExcludeCaches);
            var flags = new BackupFlags(settings.Full, settings.DryRun, settings.BreakLock, settings.AllowSourceMismatch, settings.AllowEmptyTarget);
            var result = await RunAsync(session, flags, settings.Json, cancellationToken, rules);
            return (ExitCodeOf(result), result.Set.ToString());
        }, cancellationToken);
    }

    /// <summary>A finished backup's exit code: 1 when some files could not be read.</summary>
    internal static int ExitCodeOf(BackupResult result) => result.Summary.SkippedFiles > 0 ? ExitCodes.Error : ExitCodes.Ok;

    /// <summary>
    /// Runs the backup with progress and prints the summary (shared with <c>cairn run</c>), with the profile's selection
    /// unless <paramref name="rules"/> are given (the command line's added to it).
    /// </summary>
    internal static async Task<BackupResult> RunAsync(EngineSession session, BackupFlags flags, bool json, CancellationToken cancellationToken, SelectionRules? rules = null)
    {
        var dryRun = flags.DryRun;
        var options = new BackupOptions
        {
            Source = session.Source,
            Rules = rules ?? session.Rules,
            ForceFull = flags.Full,
            FullIfOlderThan = session.Profile.Policy.FullIfOlderThan,
            DryRun = dryRun,
            BreakLock = flags.BreakLock,
            AllowSourceMismatch = flags.AllowSourceMismatch,
            AllowEmptyTarget = flags.AllowEmptyTarget,
            CrossFilesystems = !session.Profile.ExcludeOtherFileSystems,
        };
        BackupResult result;
        if (Display.Interactive && !json)
        {
            result = null!;
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask("scanning", maxValue: 1);
                    var clock = Stopwatch.StartNew();
                    var progress = new CallbackProgress<BackupProgress>(p =>
                    {
                        var rate = clock.Elapsed.TotalSeconds > 0 ? (long)(p.BytesRead / clock.Elapsed.TotalSeconds) : 0;
                        task.Description = Markup.Escape($"{p.FilesSeen} files, {Display.Bytes(p.BytesSeen)} seen, {Display.Bytes(p.BytesRead)} read ({Display.Bytes(rate)}/s), {Display.Bytes(p.BytesStored)} stored");
                        if (p.ExpectedBytes is > 0 and var expected)
                        {
                            task.MaxValue = Math.Max(expected, p.BytesSeen);
                            task.Value = p.BytesSeen;
                        }
                        else
                        {
                            task.IsIndeterminate = true;
                        }
                    });
                    result = await BackupJob.RunAsync(session.Context, options, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            var progress = json ? null : new CallbackProgress<BackupProgress>(p =>
            {
                if (clock.Elapsed - last >= TimeSpan.FromSeconds(10))
                {
                    last = clock.Elapsed;
                    Console.Out.WriteLine($"progress: {p.FilesSeen} files, {Display.Bytes(p.BytesRead)} read, {Display.Bytes(p.BytesStored)} stored");
                }
            });
            result = await BackupJob.RunAsync(session.Context, options, progress, cancellationToken);
        }

        foreach (var warning in result.Warnings)
        {
            Console.Error.WriteLine($"cairn: warning: {warning}");
        }

        if (json)
        {
            Display.WriteJson(new { set = result.Set.ToString(), kind = result.Set.Kind.ToString().ToLowerInvariant(), dryRun, fullReason = result.FullReason, summary = result.Summary, leftOut = result.LeftOut, removed = result.Removed });
            return result;
        }

        var s = result.Summary;
        var what = result.Set.Kind == Engine.Repository.SetKind.Full ? $"full backup ({result.FullReason})" : "incremental backup";
        Console.Out.WriteLine(dryRun ? $"Dry run: would write {what} {result.Set}" : $"Wrote {what} {result.Set} in {Display.Duration(s.Duration)}");
        Console.Out.WriteLine($"  files: {s.NewFiles} new, {s.ChangedFiles} changed, {s.DeletedFiles} deleted, {s.UnchangedFiles} unchanged; {s.OtherEntries} directories and other entries");
        Console.Out.WriteLine($"  read {Display.Bytes(s.BytesRead)} of {Display.Bytes(s.SourceBytes)}; {(dryRun ? "would store" : "stored")} {Display.Bytes(s.BytesStored)} on the target");
        if (s.SkippedFiles > 0)
        {
            Console.Out.WriteLine($"  {s.SkippedFiles} files could not be read and were left out (see the warnings above)");
        }

        foreach (var folder in result.LeftOut)
        {
            Console.Out.WriteLine($"  left out {folder.Path}/: {folder.What}");
        }

        foreach (var item in result.Removed)
        {
            Console.Out.WriteLine($"  removed {item.Name} ({item.Reason}, {Display.Bytes(item.Bytes)}), left by an interrupted backup");
        }

        return result;
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--full")]
        [Description("Start a new chain with a full backup.")]
        public bool Full { get; init; }

        [CommandOption("--dry-run")]
        [Description("Scan, compare and measure; write nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--break-lock")]
        [Description("Remove existing locks first (only when no other Cairn process uses the target).")]
        public bool BreakLock { get; init; }

        [CommandOption("--include <PATTERN>")]
        [Description("Back up what matches even where an --exclude would leave it out (repeatable; globs as in a profile's 'include', docs/profiles.md).")]
        public string[] Include { get; init; } = [];

        [CommandOption("--exclude <PATTERN>")]
        [Description("Leave out what matches, with everything beneath it (repeatable; globs as in a profile's 'exclude').")]
        public string[] Exclude { get; init; } = [];

        [CommandOption("--exclude-if-present <NAME>")]
        [Description("Leave out every folder that holds a file of this name (.nobackup, say).")]
        public string? ExcludeIfPresent { get; init; }

        [CommandOption("--exclude-caches")]
        [Description("Leave out every folder that holds a cache directory tag (CACHEDIR.TAG, as tar, borg and restic do).")]
        public bool ExcludeCaches { get; init; }

        [CommandOption("--allow-source-mismatch")]
        [Description("Back up even though the target's newest backup is of another folder or host (a moved folder, a renamed host), or the source folder is empty on another file system than before.")]
        public bool AllowSourceMismatch { get; init; }

        [CommandOption("--allow-empty-target")]
        [Description("Back up even though the target holds none of the backups this machine has seen there (an emptied target, on purpose).")]
        public bool AllowEmptyTarget { get; init; }

        [CommandOption("--json")]
        [Description("Print the summary as JSON.")]
        public bool Json { get; init; }
    }
}
