using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Engine.Restore;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Restore;

/// <summary><c>cairn restore [--path REL]... [--time T] TARGET_DIR</c>.</summary>
internal sealed class RestoreCommand : AsyncCommand<RestoreCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = new RestoreRequest
        {
            TargetDirectory = Path.GetFullPath(settings.TargetDirectory),
            Time = Display.ParseTime(settings.Time, "--time"),
            Paths = settings.Paths ?? [],
            Overwrite = settings.Overwrite,
            KeepIdentical = settings.KeepIdentical,
        };
        var ahead = await HeadStarts.TakeRestoreAsync(settings);
        await using var session = ahead?.Session ?? EngineSession.Open(settings, writes: false);
        var prepared = ahead?.Prepared ?? RestorePreparation.Start(session.Context, cancellationToken);
        RestoreResult result;
        if (Display.Interactive)
        {
            result = null!;
            await AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask("restoring", maxValue: 1);
                    var progress = new CallbackProgress<RestoreProgress>(p =>
                    {
                        task.Description = Markup.Escape($"{p.Entries} entries, {Display.Bytes(p.Bytes)}");
                        if (p.ExpectedBytes is > 0 and var expected)
                        {
                            task.MaxValue = expected;
                            task.Value = Math.Min(p.Bytes, expected);
                        }
                        else
                        {
                            task.IsIndeterminate = true;
                        }
                    });
                    result = await RestoreJob.RunAsync(prepared, request, progress, cancellationToken);
                });
        }
        else
        {
            result = await RestoreJob.RunAsync(prepared, request, null, cancellationToken);
        }

        foreach (var warning in result.Warnings)
        {
            Console.Error.WriteLine($"cairn: warning: {warning}");
        }

        Console.Out.WriteLine($"Restored {result.Entries} entries ({Display.Bytes(result.Bytes)}) from {result.Set} into {request.TargetDirectory}; read {Display.Bytes(result.BytesFetched)} of data from the target");
        if (settings.KeepIdentical)
        {
            Console.Out.WriteLine($"  kept {result.Kept} {(result.Kept == 1 ? "file" : "files")} already in place (the backup's size and modification time)");
        }

        return ExitCodes.Ok;
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandArgument(0, "<TARGET_DIR>")]
        [Description("The folder that receives the backed-up folder's contents as they were.")]
        public string TargetDirectory { get; init; } = "";

        [CommandOption("--path <REL>")]
        [Description("Restore only this path (relative to the backed-up folder) and what is beneath it; repeatable.")]
        public string[]? Paths { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace files TARGET_DIR already has under restored names with the backup's versions (without it, a restore that would replace any stops before writing).")]
        public bool Overwrite { get; init; }

        [CommandOption("--keep-identical")]
        [Description("Keep the files TARGET_DIR already has with the backup's size and modification time, and restore the rest over what is there: continues a restore that was stopped.")]
        public bool KeepIdentical { get; init; }

        [CommandOption("--time <T>")]
        [Description("Restore the backup as of this time: now, an ISO 8601 date or time, or an interval ago such as 3D, 2W, 1h30m.")]
        public string? Time { get; init; }
    }
}
