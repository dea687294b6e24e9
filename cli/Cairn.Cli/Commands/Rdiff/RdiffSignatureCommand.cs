using System.ComponentModel;
using Cairn.Delta;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Rdiff;

/// <summary><c>cairn rdiff signature [-b BYTES] [-S BYTES] [-H blake2|md4] [-R rabinkarp|rollsum] [BASIS [SIGNATURE]]</c>.</summary>
internal sealed class RdiffSignatureCommand : Command<RdiffSignatureCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var strong = settings.Hash?.ToLowerInvariant() switch
        {
            "blake2" => StrongSumAlgorithm.Blake2,
            "md4" => StrongSumAlgorithm.Md4,
            _ => throw new ArgumentException($"Unknown hash '{settings.Hash}': use blake2 or md4."),
        };
        var weak = settings.Rollsum?.ToLowerInvariant() switch
        {
            "rabinkarp" => WeakSumAlgorithm.RabinKarp,
            "rollsum" => WeakSumAlgorithm.Rollsum,
            _ => throw new ArgumentException($"Unknown rolling sum '{settings.Rollsum}': use rabinkarp or rollsum."),
        };
        return RdiffFiles.Run(() =>
        {
            using var basis = RdiffFiles.OpenInput(settings.Basis);
            // Like rdiff: the basis size picks the block length; a pipe's size is unknown (block 2048).
            long? size = basis.CanSeek ? basis.Length : null;
            var parameters = SignatureParameters.Recommended(size, weak, strong, settings.BlockSize, settings.SumSize);
            using var output = RdiffFiles.OpenOutput(settings.Signature, settings.Force);
            SignatureBuilder.Build(basis, output, parameters);
        });
    }

    /// <summary>Options and arguments, named as rdiff names them.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-b|--block-size <BYTES>")]
        [Description("Block length; 0 (default) for librsync's recommendation from the basis size.")]
        public int BlockSize { get; init; }

        [CommandOption("-S|--sum-size <BYTES>")]
        [Description("Strong-sum length; 0 (default) for the maximum, -1 for the recommended minimum.")]
        public int SumSize { get; init; }

        [CommandOption("-H|--hash <ALG>")]
        [Description("Strong hash: blake2 (default) or md4.")]
        public string? Hash { get; init; } = "blake2";

        [CommandOption("-R|--rollsum <ALG>")]
        [Description("Rolling sum: rabinkarp (default) or rollsum.")]
        public string? Rollsum { get; init; } = "rabinkarp";

        [CommandOption("-f|--force")]
        [Description("Overwrite an existing output file.")]
        public bool Force { get; init; }

        [CommandArgument(0, "[BASIS]")]
        [Description("The old file ('-' or absent: stdin).")]
        public string? Basis { get; init; }

        [CommandArgument(1, "[SIGNATURE]")]
        [Description("Where to write the signature ('-' or absent: stdout).")]
        public string? Signature { get; init; }
    }
}
