using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Profiles;

/// <summary><c>cairn profile ...</c>: create, check and show YAML profiles.</summary>
internal static class ProfileCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("profile", profile =>
        {
            profile.SetDescription("Create, check and show backup profiles (YAML; see docs/profiles.md).");
            profile.AddCommand<ProfileInitCommand>("init")
                .WithDescription("Write a commented starter profile NAME to the user's profile folder (never overwrites).");
            profile.AddCommand<ProfileValidateCommand>("validate")
                .WithDescription("Check a profile (file or name): prints OK, or every error as FILE:LINE:COLUMN: message (exit 2).");
            profile.AddCommand<ProfileShowCommand>("show")
                .WithDescription("Print the effective profile: defaults filled in, paths absolute, secrets only as their sources.");
        });
    }
}
