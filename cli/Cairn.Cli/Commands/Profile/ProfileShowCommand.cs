using System.ComponentModel;
using Cairn.Hosting.Profiles;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Profiles;

/// <summary>
/// <c>cairn profile show FILE</c>: prints the effective profile as YAML (itself a valid profile), with
/// defaults filled in and paths absolute. Secrets appear only as the variable or file they come from.
/// </summary>
internal sealed class ProfileShowCommand : Command<ProfileShowCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Console.Write(ProfileYaml.Render(ProfilePluginCheck.Load(settings.Profile, out _)));
        return ExitCodes.Ok;
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A profile file, or the name of a profile in the user's profile folder.")]
        public string Profile { get; init; } = string.Empty;
    }
}
