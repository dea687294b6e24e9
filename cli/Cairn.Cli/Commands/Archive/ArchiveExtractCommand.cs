using System.ComponentModel;
using Cairn.Engine.FileSystem;
using Cairn.Engine.Restore;
using Cairn.Format;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Archive;

/// <summary>
/// <c>cairn archive extract -f IN [-C DIR] [--passphrase-env VAR] [PATH...]</c>. From a file it reads the
/// trailer, the index and only the frames of the selected entries; from '-' it reads front to back.
/// Writing goes through the filesystem layer's restore target, which never writes outside DIR.
/// </summary>
internal sealed class ArchiveExtractCommand : Command<ArchiveExtractCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plugins = new ArchivePlugins();
        var identities = plugins.Identities(settings.PassphraseEnv);
        var selection = ArchiveFiles.Selection(settings.Paths);
        var warnings = 0;
        var matched = 0;
        var orphans = new OrphanedHardLinks<IndexEntry>();
        using var target = new RestoreTarget(settings.Directory, new RestoreOptions { OnWarning = w => { warnings++; Console.Error.WriteLine($"cairn: warning: {w}"); } });
        if (ArchiveFiles.IsStandardStream(settings.File))
        {
            foreach (var entry in ArchiveFiles.ReadFrontToBack(Console.OpenStandardInput(), plugins, identities))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!ArchiveFiles.IsSelected(entry.Metadata.Path, selection))
                {
                    continue;
                }

                matched++;
                if (IsOrphan(entry.Metadata, selection))
                {
                    // The first name's data went by unread, and a pipe cannot be read again.
                    Console.Error.WriteLine($"cairn: warning: {ArchiveFiles.Display(entry.Metadata.Path)}: hard link not extracted, its first name {ArchiveFiles.Display(entry.Metadata.LinkTarget!)} was not selected and an archive read from a pipe cannot go back for its data; select both, or extract from a file");
                    warnings++;
                    continue;
                }

                warnings += Restore(target, entry.Metadata, () => entry.Data);
            }
        }
        else
        {
            using var reader = ArchiveReader.Open(ArchiveFiles.OpenVolume(settings.File), plugins, identities, leaveOpen: false);
            foreach (var entry in reader.Entries.Where(e => ArchiveFiles.IsSelected(e.Metadata.Path, selection)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                matched++;
                if (IsOrphan(entry.Metadata, selection))
                {
                    orphans.Add(entry.Metadata); // extracted once every other entry is
                }
                else
                {
                    warnings += Restore(target, entry.Metadata, () => reader.OpenData(entry));
                }
            }

            void NotFound(EntryMetadata link)
            {
                Console.Error.WriteLine($"cairn: warning: {ArchiveFiles.Display(link.Path)}: hard link not extracted, its first name {ArchiveFiles.Display(link.LinkTarget!)} is not a file of the archive");
                warnings++;
            }

            var files = reader.Entries.Where(e => e.Metadata.Type == EntryType.File).Select(e => (e.Metadata, e));
            foreach (var (extracted, data) in orphans.Resolve(files, NotFound))
            {
                cancellationToken.ThrowIfCancellationRequested();
                warnings += Restore(target, extracted, () => reader.OpenData(data!)); // no data: a link to the file just made
            }
        }

        target.Finish();
        if (selection.Count > 0 && matched == 0)
        {
            throw new ArgumentException($"No entry of the archive matches {string.Join(", ", settings.Paths!)}.");
        }

        return warnings == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    /// <summary>True for a selected hard link whose first name, the entry that holds its data, is not selected.</summary>
    private static bool IsOrphan(EntryMetadata metadata, IReadOnlyList<byte[]> selection) =>
        metadata.Type == EntryType.HardLink && metadata.LinkTarget is { } firstName && !ArchiveFiles.IsSelected(firstName, selection);

    private static int Restore(RestoreTarget target, EntryMetadata metadata, Func<Stream> openData)
    {
        if (metadata.ContentKind != EntryContentKind.Snapshot)
        {
            Console.Error.WriteLine($"cairn: warning: {ArchiveFiles.Display(metadata.Path)}: a {metadata.ContentKind.ToString().ToLowerInvariant()} entry of an incremental backup; use 'cairn restore'");
            return 1;
        }

        if (metadata.Type == EntryType.File)
        {
            using var data = openData();
            using var file = target.CreateFile(metadata);
            data.CopyTo(file, 1 << 20);
            file.Commit(); // only after the whole entry read and authenticated
        }
        else
        {
            target.Create(metadata);
        }

        return 0;
    }

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--file <IN>")]
        [Description("The archive to read ('-': standard input, read front to back).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("-C|--directory <DIR>")]
        [Description("Extract into DIR (default: the current directory). Nothing is ever written outside it.")]
        public string Directory { get; init; } = ".";

        [CommandOption("--passphrase-env <VAR>")]
        [Description("The passphrase is in environment variable VAR (default: ask on a terminal when the archive is encrypted).")]
        public string? PassphraseEnv { get; init; }

        [CommandArgument(0, "[PATH]")]
        [Description("Entries to extract, with everything under them (default: all).")]
        public string[]? Paths { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(File) ? Spectre.Console.ValidationResult.Error("-f IN is required.") : Spectre.Console.ValidationResult.Success();
    }
}
