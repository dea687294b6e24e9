using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Rdiff;

/// <summary><c>cairn rdiff ...</c>: librsync's rdiff (signature, delta, patch) on Cairn's delta engine, byte-compatible with it.</summary>
internal static class RdiffCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("rdiff", rdiff =>
        {
            rdiff.SetDescription("rsync signatures, deltas and patches, byte-compatible with librsync's rdiff.");
            rdiff.AddCommand<RdiffSignatureCommand>("signature")
                .WithDescription("Write the signature of BASIS to SIGNATURE ('-' or absent: stdin/stdout).");
            rdiff.AddCommand<RdiffDeltaCommand>("delta")
                .WithDescription("Write the delta that turns the signature's basis into NEWFILE.");
            rdiff.AddCommand<RdiffPatchCommand>("patch")
                .WithDescription("Apply DELTA to BASIS (a seekable file) and write NEWFILE.");
        });
    }
}
