using System.ComponentModel;
using Cairn.Hosting.Profiles;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Profiles;

/// <summary><c>cairn profile init NAME</c>: writes the starter profile to the user's profile folder, refusing to overwrite.</summary>
internal sealed class ProfileInitCommand : Command<ProfileInitCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!StarterProfile.IsValidName(settings.Name))
        {
            Console.Error.WriteLine($"cairn: a profile name uses letters, digits, '.', '_' and '-' (starting with a letter or digit), not '{settings.Name}'");
            return ExitCodes.Usage;
        }

        var folder = ProfileFolders.User();
        var path = Path.Combine(folder, settings.Name + ".yaml");
        Directory.CreateDirectory(folder);
        try
        {
            // CreateNew: an existing profile is never replaced, even by a race.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(StarterProfile.Render(settings.Name));
        }
        catch (IOException) when (File.Exists(path))
        {
            Console.Error.WriteLine($"cairn: the profile '{settings.Name}' already exists: {path} (edit it, or remove it first)");
            return ExitCodes.Error;
        }

        Console.WriteLine($"wrote {path}");
        Console.WriteLine($"edit 'source' and 'target', then check it with: cairn profile validate {settings.Name}");
        return ExitCodes.Ok;
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The profile's name; it becomes NAME.yaml in $XDG_CONFIG_HOME/cairn/profiles (or ~/.config/cairn/profiles).")]
        public string Name { get; init; } = string.Empty;
    }
}
