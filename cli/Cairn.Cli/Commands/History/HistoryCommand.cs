using System.ComponentModel;
using System.Globalization;
using System.Text;
using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Inspection;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.History;

/// <summary>
/// <c>cairn history PATH [--json]</c>: the versions one path had across every backup, each with the range of backup
/// times that restore it, from the catalogues (no data is read).
/// </summary>
internal sealed class HistoryCommand : AsyncCommand<HistoryCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var session = EngineSession.Open(settings, writes: false);
        var versions = await PathHistory.ReadAsync(session.Context, TargetInspection.LoadIndexAsync(session.Context, cancellationToken), settings.Path, cancellationToken);
        if (versions.Count == 0)
        {
            throw new FileNotFoundException($"'{settings.Path}' is in none of the target's backups.");
        }

        if (settings.Json)
        {
            Display.WriteJson(new
            {
                path = settings.Path,
                versions = versions.Select(v =>
                {
                    var version = new Dictionary<string, object?>
                    {
                        ["first"] = v.First.Name.ToString(),
                        ["firstTime"] = v.First.Name.Time,
                        ["last"] = v.Last.Name.ToString(),
                        ["lastTime"] = v.Last.Name.Time,
                        ["backups"] = v.Backups,
                        ["present"] = v.Record is not null,
                        ["type"] = v.Record?.Metadata.Type.ToString().ToLowerInvariant(),
                        ["size"] = v.Record?.Metadata.Size,
                        ["mtime"] = v.Record is { } r ? Display.ModifiedAt(r.Metadata) : null,
                        ["sha256"] = v.Record?.Metadata.ContentHash is { } hash ? Convert.ToHexStringLower(hash) : null,
                    };
                    JsonNames.Add(version, "target", "targetEscaped", v.Record?.Metadata.LinkTarget); // as list --json gives it
                    return version;
                }),
            });
            return ExitCodes.Ok;
        }

        var present = versions.Count(v => v.Record is not null);
        var backups = versions.Sum(v => v.Backups);
        Console.Out.WriteLine($"{settings.Path}: {present} version{(present == 1 ? "" : "s")} in {backups} backup{(backups == 1 ? "" : "s")}; restore one with --time and a time in its range");
        foreach (var version in versions)
        {
            var range = $"{Display.Time(version.First.Name.Time)} .. {Display.Time(version.Last.Name.Time)}";
            var count = $"({version.Backups} backup{(version.Backups == 1 ? "" : "s")})";
            Console.Out.WriteLine($"  {range}  {count,-13} {Describe(version)}");
        }

        return ExitCodes.Ok;
    }

    private static string Describe(PathVersion version)
    {
        if (version.Record is not { Metadata: var m })
        {
            return "not in these backups";
        }

        var mtime = Display.Time(Display.ModifiedAt(m));
        return m.Type switch
        {
            EntryType.File => $"file, {m.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes, modified {mtime}{(m.ContentHash is { } hash ? $", sha256 {Convert.ToHexStringLower(hash)[..12]}" : "")}",
            EntryType.Symlink => $"symlink -> {PathDisplay.Of(m.LinkTarget!)}",
            EntryType.HardLink => $"hard link to {PathDisplay.Of(m.LinkTarget!)}",
            _ => $"{m.Type.ToString().ToLowerInvariant()}, modified {mtime}",
        };
    }

    internal sealed class Settings : TargetSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("The file or folder, relative to the backed-up folder.")]
        public string Path { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
