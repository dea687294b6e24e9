using System.ComponentModel;
using System.Text.Json;
using Cairn.Cli.Commands.Backup;
using Cairn.Format;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Archive;

/// <summary><c>cairn archive list -f IN [--passphrase-env VAR] [--json]</c>: the index, like <c>tar -tv</c>.</summary>
internal sealed class ArchiveListCommand : Command<ArchiveListCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plugins = new ArchivePlugins();
        var identities = plugins.Identities(settings.PassphraseEnv);
        List<EntryMetadata> entries;
        if (ArchiveFiles.IsStandardStream(settings.File))
        {
            entries = ArchiveFiles.ReadFrontToBack(Console.OpenStandardInput(), plugins, identities).Select(e => e.Metadata).ToList();
        }
        else
        {
            using var reader = ArchiveReader.Open(ArchiveFiles.OpenVolume(settings.File), plugins, identities, leaveOpen: false);
            entries = reader.Entries.Select(e => e.Metadata).ToList();
        }

        var output = Console.Out;
        if (settings.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(entries.Select(ArchiveFiles.Describe), new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        foreach (var m in entries)
        {
            var owner = $"{m.UserName ?? m.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{m.GroupName ?? m.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var link = m.LinkTarget is null ? string.Empty : (m.Type == EntryType.HardLink ? " link to " : " -> ") + ArchiveFiles.Display(m.LinkTarget);
            output.WriteLine($"{Display.TypeLetter(m.Type)}{ArchiveFiles.Mode(m.Mode)} {owner,-17} {m.Size,12} {ArchiveFiles.Time(m.ModificationTimeNs)} {ArchiveFiles.Display(m.Path)}{link}");
        }

        return ExitCodes.Ok;
    }

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--file <IN>")]
        [Description("The archive to list ('-': standard input, read front to back).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--passphrase-env <VAR>")]
        [Description("The passphrase is in environment variable VAR (default: ask on a terminal when the archive is encrypted).")]
        public string? PassphraseEnv { get; init; }

        [CommandOption("--json")]
        [Description("Print a JSON array of entries.")]
        public bool Json { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(File) ? Spectre.Console.ValidationResult.Error("-f IN is required.") : Spectre.Console.ValidationResult.Success();
    }
}
