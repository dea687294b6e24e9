using System.ComponentModel;
using System.Globalization;
using System.Text;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Engine.Inspection;
using Cairn.Engine.Restore;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.List;

/// <summary>
/// <c>cairn list [--time T] [--path REL]... [--json]</c>: the files of one backup, or of the given paths and everything
/// beneath them, from its catalogue (no data is read).
/// </summary>
internal sealed class ListCommand : AsyncCommand<ListCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var time = Display.ParseTime(settings.Time, "--time");
        var selection = new PathSelection(settings.Paths);
        var ahead = await HeadStarts.TakeInspectionAsync(settings);
        await using var session = ahead?.Session ?? EngineSession.Open(settings, writes: false);
        var (_, set, records) = await TargetInspection.OpenCatalogueAsync(session.Context, ahead?.Index ?? TargetInspection.LoadIndexAsync(session.Context, cancellationToken), time, cancellationToken);
        var output = Console.Out;
        if (settings.Json)
        {
            output.WriteLine("{");
            output.WriteLine($"  \"set\": \"{set.Name}\",");
            output.WriteLine("  \"entries\": [");
        }
        else
        {
            output.WriteLine($"Backup {set.Name} ({Display.Time(set.Name.Time)}):");
        }

        var first = true;
        foreach (var record in selection.Listed(records))
        {
            var m = record.Metadata;
            var mtime = Display.ModifiedAt(m);
            if (settings.Json)
            {
                var entry = new Dictionary<string, object?>();
                JsonNames.Add(entry, "path", "pathEscaped", m.Path.Length == 0 ? "."u8.ToArray() : m.Path);
                entry["type"] = m.Type.ToString().ToLowerInvariant();
                entry["size"] = m.Size;
                entry["mode"] = Convert.ToString(m.Mode, 8);
                entry["mtime"] = mtime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                JsonNames.Add(entry, "target", "targetEscaped", m.LinkTarget);
                entry["sha256"] = m.ContentHash is null ? null : Convert.ToHexStringLower(m.ContentHash);
                output.Write(first ? "    " : ",\n    ");
                output.Write(System.Text.Json.JsonSerializer.Serialize(entry));
            }
            else
            {
                var type = Display.TypeLetter(m.Type);
                var suffix = m.LinkTarget is null ? "" : " -> " + PathDisplay.Of(m.LinkTarget);
                output.WriteLine($"{type} {Convert.ToString(m.Mode, 8),5} {m.Size,12} {Display.Time(mtime)} {(m.Path.Length == 0 ? "." : PathDisplay.Of(m.Path))}{suffix}");
            }

            first = false;
        }

        if (settings.Json)
        {
            output.WriteLine();
            output.WriteLine("  ]");
            output.WriteLine("}");
        }

        selection.ThrowIfMissing(set.Name.ToString());

        return ExitCodes.Ok;
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandOption("--time <T>")]
        [Description("List the backup as of this time (default: the newest).")]
        public string? Time { get; init; }

        [CommandOption("--path <REL>")]
        [Description("List only this path (relative to the backed-up folder) and everything beneath it; repeatable.")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
