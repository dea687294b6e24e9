using System.ComponentModel;
using System.Globalization;
using System.Text;
using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Inspection;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Diff;

/// <summary>
/// <c>cairn diff [--from T] [--to T] [--json]</c>: what changed between two backups, path by path, from their catalogues
/// (no data is read). By default the newest backup against the one before it.
/// </summary>
internal sealed class DiffCommand : AsyncCommand<DiffCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = settings.From is null ? null : Display.ParseTime(settings.From, "--from");
        var to = Display.ParseTime(settings.To, "--to");
        await using var session = EngineSession.Open(settings, writes: false);
        var (earlier, later, changes) = await BackupDiff.OpenAsync(session.Context, TargetInspection.LoadIndexAsync(session.Context, cancellationToken), from, to, cancellationToken);
        var counts = new Dictionary<PathChangeKind, int>();
        var output = Console.Out;
        if (settings.Json)
        {
            output.WriteLine("{");
            output.WriteLine($"  \"from\": \"{earlier.Name}\",");
            output.WriteLine($"  \"to\": \"{later.Name}\",");
            output.WriteLine("  \"changes\": [");
        }
        else
        {
            output.WriteLine($"From {earlier.Name} ({Display.Time(earlier.Name.Time)}) to {later.Name} ({Display.Time(later.Name.Time)}):");
        }

        var first = true;
        foreach (var change in changes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts[change.Kind] = counts.GetValueOrDefault(change.Kind) + 1;
            if (settings.Json)
            {
                var entry = new Dictionary<string, object?>();
                JsonNames.Add(entry, "path", "pathEscaped", change.Path);
                entry["change"] = change.Kind.ToString().ToLowerInvariant();
                entry["sizeBefore"] = change.Before?.Metadata.Size;
                entry["sizeAfter"] = change.After?.Metadata.Size;
                output.Write(first ? "    " : ",\n    ");
                output.Write(System.Text.Json.JsonSerializer.Serialize(entry));
                first = false;
            }
            else
            {
                output.WriteLine($"{Letter(change.Kind)} {PathDisplay.Of(change.Path)}{Detail(change)}");
            }
        }

        if (settings.Json)
        {
            output.WriteLine();
            output.WriteLine("  ]");
            output.WriteLine("}");
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{counts.GetValueOrDefault(PathChangeKind.Added)} added, {counts.GetValueOrDefault(PathChangeKind.Removed)} removed, {counts.GetValueOrDefault(PathChangeKind.Changed)} changed, {counts.GetValueOrDefault(PathChangeKind.Metadata)} with other mode or owner only"));
        }

        return ExitCodes.Ok;
    }

    private static char Letter(PathChangeKind kind) => kind switch
    {
        PathChangeKind.Added => '+',
        PathChangeKind.Removed => '-',
        PathChangeKind.Changed => 'M',
        _ => 'm',
    };

    private static string Detail(PathChange change) => change.Kind switch
    {
        PathChangeKind.Changed when change.Before!.IsFile && change.After!.IsFile => $"  ({Display.Bytes(change.Before.Metadata.Size)} -> {Display.Bytes(change.After.Metadata.Size)})",
        PathChangeKind.Added when change.After!.IsFile => $"  ({Display.Bytes(change.After.Metadata.Size)})",
        PathChangeKind.Metadata => $"  ({MetadataChange(change.Before!.Metadata, change.After!.Metadata)})",
        _ => "",
    };

    private static string MetadataChange(EntryMetadata before, EntryMetadata after)
    {
        var parts = new List<string>();
        if (before.Mode != after.Mode)
        {
            parts.Add($"mode {Convert.ToString(before.Mode, 8)} -> {Convert.ToString(after.Mode, 8)}");
        }

        if (before.Uid != after.Uid || before.Gid != after.Gid)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"owner {before.Uid}:{before.Gid} -> {after.Uid}:{after.Gid}"));
        }

        return string.Join(", ", parts);
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--from <T>")]
        [Description("The earlier backup: the newest at or before this time (default: the one before --to).")]
        public string? From { get; init; }

        [CommandOption("--to <T>")]
        [Description("The later backup: the newest at or before this time (default: the newest).")]
        public string? To { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
