using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Archive;

/// <summary><c>cairn archive create|extract|list</c>: Cairn archives as a tar replacement, and <c>cairn inspect</c>.</summary>
internal static class ArchiveCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("archive", archive =>
        {
            archive.SetDescription("Create, extract and list Cairn archives (compressed, optionally encrypted, random access).");
            archive.AddCommand<ArchiveCreateCommand>("create")
                .WithDescription("Archive directories into one volume (encrypted when a passphrase is given).");
            archive.AddCommand<ArchiveExtractCommand>("extract")
                .WithDescription("Extract all entries, or the PATHs given (reading only their frames).");
            archive.AddCommand<ArchiveListCommand>("list")
                .WithDescription("List the entries of an archive.");
        });
        config.AddCommand<Inspect.InspectCommand>("inspect")
            .WithDescription("Show an archive volume's structure: header, algorithms, frames, index, trailer.");
    }
}
