using System.ComponentModel;
using Cairn.Cli.Commands.Archive;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Inspect;

/// <summary><c>cairn inspect IN [--passphrase-env VAR] [--json]</c>: a format engineer's view of one volume.</summary>
internal sealed class InspectCommand : Command<InspectCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plugins = new ArchivePlugins();
        using var volume = ArchiveFiles.OpenVolume(settings.File);
        var identities = settings.PassphraseEnv is null ? null : plugins.Identities(settings.PassphraseEnv);
        var report = InspectReport.Read(volume, Path.GetFileName(settings.File), plugins, identities);
        Console.Out.Write(settings.Json ? report.ToJson() : report.ToText());
        return ExitCodes.Ok;
    }

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<IN>")]
        [Description("The archive volume to inspect.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--passphrase-env <VAR>")]
        [Description("Also open the index of an encrypted volume with the passphrase in VAR.")]
        public string? PassphraseEnv { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }
    }
}
