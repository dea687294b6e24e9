using System.ComponentModel;
using Cairn.Delta;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Rdiff;

/// <summary><c>cairn rdiff patch BASIS [DELTA [NEWFILE]]</c>.</summary>
internal sealed class RdiffPatchCommand : Command<RdiffPatchCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        RdiffFiles.Run(() =>
        {
            using var basis = RdiffFiles.OpenInput(settings.Basis);
            if (!basis.CanSeek)
            {
                throw new ArgumentException("The basis must be a seekable file (a pipe cannot be patched from).");
            }

            using var delta = RdiffFiles.OpenInput(settings.Delta);
            using var output = RdiffFiles.OpenOutput(settings.NewFile, settings.Force);
            DeltaPatcher.Apply(basis, delta, output);
        });

    /// <summary>Arguments, named as rdiff names them.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--force")]
        [Description("Overwrite an existing output file.")]
        public bool Force { get; init; }

        [CommandArgument(0, "<BASIS>")]
        [Description("The old file; must be seekable.")]
        public string Basis { get; init; } = RdiffFiles.StandardStream;

        [CommandArgument(1, "[DELTA]")]
        [Description("The delta ('-' or absent: stdin).")]
        public string? Delta { get; init; }

        [CommandArgument(2, "[NEWFILE]")]
        [Description("Where to write the new file ('-' or absent: stdout).")]
        public string? NewFile { get; init; }
    }
}
