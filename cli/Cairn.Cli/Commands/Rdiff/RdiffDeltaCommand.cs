using System.ComponentModel;
using Cairn.Delta;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Rdiff;

/// <summary><c>cairn rdiff delta SIGNATURE [NEWFILE [DELTA]]</c>.</summary>
internal sealed class RdiffDeltaCommand : Command<RdiffDeltaCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        RdiffFiles.Run(() =>
        {
            Signature signature;
            using (var signatureStream = RdiffFiles.OpenInput(settings.Signature))
            {
                signature = Signature.ReadFrom(signatureStream);
            }

            using var newFile = RdiffFiles.OpenInput(settings.NewFile);
            using var output = RdiffFiles.OpenOutput(settings.Delta, settings.Force);
            DeltaBuilder.Build(signature, newFile, output);
        });

    /// <summary>Arguments, named as rdiff names them.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--force")]
        [Description("Overwrite an existing output file.")]
        public bool Force { get; init; }

        [CommandArgument(0, "<SIGNATURE>")]
        [Description("The basis's signature ('-': stdin).")]
        public string Signature { get; init; } = RdiffFiles.StandardStream;

        [CommandArgument(1, "[NEWFILE]")]
        [Description("The new file ('-' or absent: stdin).")]
        public string? NewFile { get; init; }

        [CommandArgument(2, "[DELTA]")]
        [Description("Where to write the delta ('-' or absent: stdout).")]
        public string? Delta { get; init; }
    }
}
