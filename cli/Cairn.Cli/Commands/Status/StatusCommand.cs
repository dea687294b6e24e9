using System.ComponentModel;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Status;

/// <summary>
/// <c>cairn status [--json]</c>: chains, sets, volumes, times, sizes, what a restore of each set needs, the
/// unfinished uploads (on backends that can list them), and the locks, each marked when it is stale (its process
/// is gone: <c>cleanup --force</c> removes it).
/// </summary>
internal sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ahead = await HeadStarts.TakeInspectionAsync(settings);
        await using var session = ahead?.Session ?? EngineSession.Open(settings, writes: false);
        var index = await (ahead?.Index ?? TargetInspection.LoadIndexAsync(session.Context, cancellationToken)).WaitAsync(cancellationToken);
        var chains = index.Chains.Select(chain => new
        {
            full = chain.Full.Name.ToString(),
            start = chain.StartTime,
            end = chain.EndTime,
            sets = chain.Sets.Select(set => new
            {
                name = set.Name.ToString(),
                kind = set.Name.Kind.ToString().ToLowerInvariant(),
                time = set.Name.Time,
                volumes = set.Manifest!.Volumes.Count,
                bytes = set.TotalBytes,
                files = set.Manifest.Summary.NewFiles + set.Manifest.Summary.ChangedFiles + set.Manifest.Summary.UnchangedFiles,
                sourceBytes = set.Manifest.Summary.SourceBytes,
                source = set.Manifest.Source,
                host = set.Manifest.Host,
                restoreNeeds = chain.Sets.TakeWhile(s => s.Name.CompareTo(set.Name) <= 0).Select(s => s.Name.ToString()).ToList(),
                restoreBytes = TargetInspection.RestoreBytes(chain, set),
            }).ToList(),
        }).ToList();
        var partial = index.PartialSets.Select(s => new { name = s.Name.ToString(), bytes = s.TotalBytes, lacksOnlyManifest = s.LacksOnlyItsManifest }).ToList();
        var orphans = index.OrphanSets.Select(s => s.Name.ToString()).ToList();
        var sealedSets = index.SealedSets.Select(s => new { name = s.Name.ToString(), bytes = s.TotalBytes, reason = s.SealedReason }).ToList();
        var damagedSets = index.DamagedSets.Select(s => new { name = s.Name.ToString(), bytes = s.TotalBytes, reason = s.Damage!.Message }).ToList();
        var locks = (await TargetInspection.ReadLocksAsync(session.Context, index, cancellationToken))
            .Select(l => (l.Name, Holder: l.Info, Stale: l.Info is { IsStale: true })).ToList();
        var uploads = (await TargetInspection.ListPartialUploadsAsync(session.Context, cancellationToken))
            .Select(u => new { name = u.Name, bytes = u.Size }).ToList();
        var exitCode = chains.Count == 0 && sealedSets.Count > 0 ? ExitCodes.AuthenticationFailed // nothing opens: wrong passphrase or key
            : damagedSets.Count > 0 ? ExitCodes.CorruptData
            : ExitCodes.Ok;
        if (settings.Json)
        {
            var lockItems = locks.Select(l => new
            {
                name = l.Name, stale = l.Stale, host = l.Holder?.Host, pid = l.Holder?.Pid, operation = l.Holder?.Operation, started = l.Holder?.Started,
            }).ToList();
            Display.WriteJson(new { chains, partial, orphans, @sealed = sealedSets, damaged = damagedSets, locks = lockItems, uploads });
            return exitCode;
        }

        if (chains.Count == 0)
        {
            Console.Out.WriteLine(
                sealedSets.Count > 0 ? "No backup on this target opens with the keys or passphrases given."
                : index.IsEmpty ? index.EmptyTargetMessage
                : "No complete backup on this target.");
        }

        foreach (var chain in chains)
        {
            // What the chain is a backup of: one folder on one host, unless a backup went on with --allow-source-mismatch.
            var of = string.Join(", then ", chain.sets.Select(s => $"{s.source} on {s.host}").Distinct());
            // A line of its own, not the table's title, which would be centred and wrapped at the table's width.
            Console.Out.WriteLine($"Chain {chain.full}: {Display.Time(chain.start)} .. {Display.Time(chain.end)}, of {of}");
            var table = new Table()
                .AddColumns("Set", "Time", "Volumes", "Stored", "Files", "Source", "A restore reads from");
            foreach (var set in chain.sets)
            {
                table.AddRow(
                    Markup.Escape(set.name),
                    Display.Time(set.time),
                    set.volumes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Display.Bytes(set.bytes),
                    set.files.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Display.Bytes(set.sourceBytes),
                    Markup.Escape($"{set.restoreNeeds.Count} set(s), at most {Display.Bytes(set.restoreBytes)}"));
            }

            AnsiConsole.Write(table);
        }

        foreach (var set in partial)
        {
            Console.Out.WriteLine(set.lacksOnlyManifest
                ? $"Partial set {set.name} ({Display.Bytes(set.bytes)}): all but its manifest, which may have been lost on the target (put it back from a copy to restore from it); kept until `cairn cleanup --force` removes it."
                : $"Partial set {set.name} ({Display.Bytes(set.bytes)}): an interrupted backup; the next backup removes it, or `cairn cleanup --force` now.");
        }

        foreach (var orphan in orphans)
        {
            Console.Out.WriteLine($"Broken incremental {orphan}: an earlier set of its chain is missing; `cairn cleanup --force` removes it.");
        }

        foreach (var set in sealedSets)
        {
            Console.Out.WriteLine($"Sealed set {set.name} ({Display.Bytes(set.bytes)}): made with other keys or passphrases; kept, and readable with them. {set.reason}");
        }

        foreach (var set in damagedSets)
        {
            Console.Out.WriteLine($"Damaged set {set.name} ({Display.Bytes(set.bytes)}): cannot be read; kept, and left out of restores and backups. {set.reason}");
        }

        if (uploads.Count > 0)
        {
            // Without the lock a status cannot tell a running backup's uploads from a killed one's; cleanup can.
            var what = $"{(uploads.Count == 1 ? "1 unfinished upload" : $"{uploads.Count} unfinished uploads")} ({Display.Bytes(uploads.Sum(u => u.bytes))})";
            Console.Out.WriteLine(locks.Any(l => !l.Stale)
                ? $"{what}: some may belong to the backup that holds the lock; once no backup runs, `cairn cleanup --force` removes what is left."
                : $"{what}, left by backups that were killed or lost their connection; `cairn cleanup --force` removes them.");
        }

        foreach (var (name, holder, stale) in locks)
        {
            Console.Out.WriteLine(holder is null ? $"Locked: {name} (a lock object Cairn cannot read)"
                : stale ? $"Stale lock: {name} ({holder.Describe()}): its process is no longer running."
                : $"Locked: {name} ({holder.Describe()})");
        }

        if (locks.Any(l => l.Stale))
        {
            // The way out, in the words a backup stopped by the same lock uses (TargetLock).
            Console.Out.WriteLine("Clear the stale lock(s) with `cairn cleanup --force`: their processes ended without releasing them.");
        }

        return exitCode;
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
