using Cairn.Delta;

namespace Cairn.Cli.Commands.Rdiff;

/// <summary>rdiff's file conventions: '-' (or an absent argument) is stdin/stdout; outputs are not overwritten without --force.</summary>
internal static class RdiffFiles
{
    public const string StandardStream = "-";

    public static Stream OpenInput(string? path) =>
        path is null or StandardStream or CliRunner.StandardStreamArgument
            ? Console.OpenStandardInput(1 << 20)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public static Stream OpenOutput(string? path, bool force) =>
        path is null or StandardStream or CliRunner.StandardStreamArgument
            ? Console.OpenStandardOutput()
            : new FileStream(path, force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    /// <summary>
    /// Runs <paramref name="action"/>, turning the delta engine's format errors into
    /// <see cref="InvalidDataException"/> (exit code 4, "corrupt data") for the CLI's error mapping.
    /// </summary>
    public static int Run(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (DeltaFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
