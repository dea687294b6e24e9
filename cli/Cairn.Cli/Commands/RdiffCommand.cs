using Cairn.Rdiff;
using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn rdiff</c> in the command list. Program hands <c>cairn rdiff ...</c> to <see cref="RdiffCommandLine"/>
/// before this parser sees it, as the natively compiled <c>cairn</c> does, so that rdiff keeps rdiff's own
/// syntax (options before or after the command, <c>-</c> for stdin/stdout); here it only shows that help.
/// </summary>
internal sealed class RdiffCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken) =>
        RdiffCommandLine.Run(["--help"], Console.Out, Console.Error);
}
