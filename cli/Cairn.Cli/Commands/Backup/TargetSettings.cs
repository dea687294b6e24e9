using System.ComponentModel;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Backup;

/// <summary>The options every engine command shares: where the backups are (a profile, or a target URL and a source folder).</summary>
internal class TargetSettings : CommandSettings
{
    [CommandOption("--profile <FILE|NAME>")]
    [Description("The profile to use: a YAML file, or a name looked up in ~/.config/cairn/profiles/.")]
    public string? Profile { get; init; }

    [CommandOption("--target <URL>")]
    [Description("The target URL or folder, when no profile is given (passphrase from CAIRN_PASSPHRASE, or a prompt).")]
    public string? Target { get; init; }

    [CommandOption("--source <DIR>")]
    [Description("The folder backed up, when no profile is given.")]
    public string? Source { get; init; }

    [CommandOption("--volume-size <SIZE>")]
    [Description("Data volume size with --target (default 64MiB).")]
    public string? VolumeSize { get; init; }

    [CommandOption("--cache-dir <DIR>")]
    [Description("The cache root (default $XDG_CACHE_HOME/cairn).")]
    public string? CacheDirectory { get; init; }

    public override Spectre.Console.ValidationResult Validate()
    {
        if (Profile is null && Target is null)
        {
            return Spectre.Console.ValidationResult.Error("Give --profile FILE|NAME, or --target URL (with --source DIR for a backup).");
        }

        if (Profile is not null && Target is not null)
        {
            return Spectre.Console.ValidationResult.Error("Give either --profile or --target, not both.");
        }

        return Spectre.Console.ValidationResult.Success();
    }
}
