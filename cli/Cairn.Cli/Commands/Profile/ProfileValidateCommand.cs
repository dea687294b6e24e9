using System.ComponentModel;
using Cairn.Hosting.Profiles;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Profiles;

/// <summary>
/// <c>cairn profile validate FILE</c>: prints <c>OK</c>, or every problem as <c>FILE:LINE:COLUMN: message</c>
/// on standard error and exits with <see cref="ExitCodes.Usage"/>. Plugin ids are checked against the
/// plugins installed (and the profile's own plugin folders).
/// </summary>
internal sealed class ProfileValidateCommand : Command<ProfileValidateCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var profile = ProfilePluginCheck.Load(settings.Profile, out var catalog);
            var note = catalog.Plugins.Count == 0 ? $" (plugin ids not checked: no plugins found in {string.Join(", ", catalog.Folders)})" : string.Empty;
            Console.WriteLine($"OK: {profile.FilePath}{note}");
            return ExitCodes.Ok;
        }
        catch (ProfileException ex)
        {
            foreach (var error in ex.Errors)
            {
                Console.Error.WriteLine(error);
            }

            return ExitCodes.Usage;
        }
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A profile file, or the name of a profile in the user's profile folder.")]
        public string Profile { get; init; } = string.Empty;
    }
}
