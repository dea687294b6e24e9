using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Maintenance;
using Cairn.Engine.Retention;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Prune;

/// <summary><c>cairn prune [--older-than T] [--keep-full N] [--keep-incrementals-of N] [--force]</c>.</summary>
internal sealed class PruneCommand : AsyncCommand<PruneCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var policy = new RetentionPolicy
        {
            OlderThan = settings.OlderThan is null ? null : Display.ParseTime(settings.OlderThan, "--older-than"),
            KeepFull = settings.KeepFull,
            KeepIncrementalsOf = settings.KeepIncrementalsOf,
        };
        policy.Validate(); // before the target is opened: a mistyped count is the user's to fix first
        await using var session = EngineSession.Open(settings, writes: false);
        if (policy.IsEmpty)
        {
            policy = policy with { KeepFull = session.Profile.Policy.KeepFull };
        }

        if (policy.IsEmpty)
        {
            throw new ArgumentException("Give a policy: --older-than T, --keep-full N or --keep-incrementals-of N (or a profile with policy.keep-full).");
        }

        var result = await PruneJob.RunAsync(session.Context, policy, settings.Force, settings.BreakLock, cancellationToken);
        Print(result, settings.Json);
        return ExitCodes.Ok;
    }

    /// <summary>Prints a prune's decisions (shared with <c>cairn run</c>).</summary>
    internal static void Print(PruneResult result, bool json)
    {
        if (json)
        {
            Display.WriteJson(new
            {
                deleted = result.Deleted,
                bytes = result.Bytes,
                sets = result.Decisions.Select(d => new { set = d.Set.Name.ToString(), keep = d.Keep, reason = d.Reason }),
            });
            return;
        }

        foreach (var decision in result.Decisions)
        {
            Console.Out.WriteLine($"{(decision.Keep ? "keep  " : result.Deleted ? "delete" : "would delete")} {decision.Set.Name}  ({decision.Reason})");
        }

        var count = result.Decisions.Count(d => !d.Keep);
        Console.Out.WriteLine(count == 0 ? "Nothing to remove."
            : result.Deleted ? $"Removed {count} set(s), {Display.Bytes(result.Bytes)}."
            : $"Dry run: {count} set(s), {Display.Bytes(result.Bytes)}, would be removed; add --force to remove them.");
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--older-than <T>")]
        [Description("Remove chains whose newest backup is older than T (e.g. 6M, 2026-01-01).")]
        public string? OlderThan { get; init; }

        [CommandOption("--keep-full <N>")]
        [Description("Keep only the newest N full chains.")]
        public int? KeepFull { get; init; }

        [CommandOption("--keep-incrementals-of <N>")]
        [Description("Keep incrementals only for the newest N chains (older chains keep their full backup).")]
        public int? KeepIncrementalsOf { get; init; }

        [CommandOption("--force")]
        [Description("Remove for real (otherwise only list).")]
        public bool Force { get; init; }

        [CommandOption("--break-lock")]
        [Description("Remove existing locks first.")]
        public bool BreakLock { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
