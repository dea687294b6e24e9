using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Maintenance;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Cleanup;

/// <summary><c>cairn cleanup [--force] [--break-lock]</c>: partial sets, broken incrementals, stray objects, stale locks.</summary>
internal sealed class CleanupCommand : AsyncCommand<CleanupCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var session = EngineSession.Open(settings, writes: false);
        var (items, heldLocks) = await CleanupJob.RunAsync(session.Context, settings.Force, settings.BreakLock, cancellationToken);
        if (settings.Json)
        {
            Display.WriteJson(new { removed = settings.Force, items });
            return ExitCodes.Ok;
        }

        foreach (var item in items)
        {
            Console.Out.WriteLine($"{(settings.Force ? "removed" : "would remove")} {item.Name}  ({item.Reason}, {Display.Bytes(item.Bytes)})");
        }

        Console.Out.WriteLine(items.Count == 0 ? "Nothing to clean up."
            : settings.Force ? $"Cleaned up {items.Count} item(s)."
            : $"Dry run: add --force to remove {items.Count} item(s).");
        if (items.Count > 0)
        {
            // The dry run takes no lock, so it also lists what a running backup is writing; --force would refuse.
            foreach (var (name, holder) in heldLocks)
            {
                Console.Out.WriteLine(holder is null
                    ? $"Note: the target is locked ({name}, a lock Cairn cannot read): what its holder is writing now may be listed above, and --force refuses while it is there."
                    : $"Note: the target is locked ({holder.Describe()}): what that process is writing now may be listed above, and --force refuses until it ends.");
            }
        }

        return ExitCodes.Ok;
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--force")]
        [Description("Remove for real (otherwise only list).")]
        public bool Force { get; init; }

        [CommandOption("--dry-run")]
        [Description("Only list (the default; accepted for symmetry with backup and prune).")]
        public bool DryRun { get; init; }

        [CommandOption("--break-lock")]
        [Description("Also remove locks of live or unknown processes (only when no other Cairn process uses the target).")]
        public bool BreakLock { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
