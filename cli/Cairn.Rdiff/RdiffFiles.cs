namespace Cairn.Rdiff;

/// <summary>rdiff's file conventions: null (an absent argument or '-') is stdin/stdout; outputs are not overwritten without force.</summary>
internal static class RdiffFiles
{
    public static Stream OpenInput(string? path) =>
        path is null
            ? Console.OpenStandardInput(1 << 20)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public static Stream OpenOutput(string? path, bool force) =>
        path is null
            ? Console.OpenStandardOutput()
            : new FileStream(path, force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
}
