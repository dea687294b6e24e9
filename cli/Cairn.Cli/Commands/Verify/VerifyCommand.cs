using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Verification;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Verify;

/// <summary><c>cairn verify [--compare-data] [--time T] [--subset N/T]</c>.</summary>
internal sealed class VerifyCommand : AsyncCommand<VerifyCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var session = EngineSession.Open(settings, writes: false);
        var options = new VerifyOptions
        {
            Time = Display.ParseTime(settings.Time, "--time"),
            CompareData = settings.CompareData,
            Source = settings.CompareData && session.Profile.Sources.Count == 1 ? session.Source : null,
            Subset = settings.Subset is { } subset ? ParseSubset(subset) : null,
        };
        var result = await VerifyJob.RunAsync(session.Context, options, null, cancellationToken);
        if (settings.Json)
        {
            Display.WriteJson(new { ok = result.IsOk, result.ObjectsChecked, result.BytesChecked, result.FilesChecked, result.Problems, result.SetsNotVerified, subset = options.Subset?.ToString() });
        }
        else
        {
            foreach (var problem in result.Problems)
            {
                Console.Out.WriteLine($"problem: {problem}");
            }

            Console.Out.WriteLine($"Checked {result.ObjectsChecked} objects ({Display.Bytes(result.BytesChecked)}) and rebuilt {result.FilesChecked} files{(settings.CompareData ? ", compared with the source" : "")}{(options.Subset is { } part ? $", part {part} of the data volumes and files" : "")}: {(result.IsOk ? "all good" : $"{result.Problems.Count} problem(s)")}{NotVerified(result.SetsNotVerified)}.");
        }

        return result.IsOk ? ExitCodes.Ok : ExitCodes.VerifyFailed;
    }

    private static VerifySubset ParseSubset(string text)
    {
        try
        {
            return VerifySubset.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"--subset: {ex.Message}", ex);
        }
    }

    // "all good" alone would read as the whole target checked.
    private static string NotVerified(int sets) =>
        sets == 0 ? "" : $"; {sets} set(s) not verified, as they do not open with the keys or passphrases given (see the warnings)";

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--compare-data")]
        [Description("Also compare every file of the backup with the live source.")]
        public bool CompareData { get; init; }

        [CommandOption("--time <T>")]
        [Description("The backup whose files are rebuilt (default: the newest).")]
        public string? Time { get; init; }

        [CommandOption("--subset <N/T>")]
        [Description("Read only part N of T of the data volumes, and rebuild part N of T of the files: over T runs, all of them.")]
        public string? Subset { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
