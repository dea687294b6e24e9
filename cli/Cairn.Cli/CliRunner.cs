using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Hosting.Plugins;
using Cairn.Rdiff;
using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary>
/// Runs the command app and turns every failure into one clear sentence on stderr and a documented
/// exit code. Stack traces only with <c>--verbose</c> (or CAIRN_VERBOSE=1).
/// </summary>
internal static class CliRunner
{
    /// <summary>What a bare "-" argument (stdin or stdout) reaches a command as.</summary>
    public const string StandardStreamArgument = "\0-";

    public static async Task<int> RunAsync(CommandApp app, string[] args)
    {
        var verbose = args.Contains("--verbose") || Environment.GetEnvironmentVariable("CAIRN_VERBOSE") == "1";
        using var interruption = Interruption.Listen();
        try
        {
            // Spectre's tokenizer rejects a bare "-" (stdin/stdout by convention): pass it as a sentinel.
            return await app.RunAsync(args.Where(a => a != "--verbose").Select(a => a == "-" ? StandardStreamArgument : a).ToArray(), interruption.Token);
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            Console.Error.WriteLine($"cairn: {message}");
            if (verbose)
            {
                Console.Error.WriteLine(ex.ToString());
            }

            return code;
        }
    }

    /// <summary>Maps an exception to an exit code and a one-line message.</summary>
    internal static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        CommandParseException => (ExitCodes.Usage, OneLine(ex.Message)),
        CommandRuntimeException => (ExitCodes.Usage, OneLine(WithTypeNamesInWords(ex.Message))),
        AuthenticationFailedException => (ExitCodes.AuthenticationFailed, OneLine(ex.Message)),
        PluginLoadException => (ExitCodes.PluginFailed, OneLine(ex.Message)),
        Cairn.Hosting.Profiles.ProfileException or Cairn.Hosting.Secrets.SecretUnavailableException => (ExitCodes.Usage, OneLine(ex.Message)),
        Cairn.Engine.Locking.TargetLockedException => (ExitCodes.Locked, OneLine(ex.Message)),
        Cairn.Engine.Repository.NoBackupException => (ExitCodes.Error, OneLine(ex.Message)),
        Cairn.Engine.Restore.RestoreConflictException => (ExitCodes.Usage, OneLine(ex.Message)), // asked without --overwrite
        Cairn.Engine.Backup.SourceMismatchException => (ExitCodes.Usage, OneLine(ex.Message)), // asked without --allow-source-mismatch
        Cairn.Engine.Backup.TargetEmptiedException => (ExitCodes.Usage, OneLine(ex.Message)), // asked without --allow-empty-target
        Cairn.Hosting.Hooks.HookFailedException => (ExitCodes.Error, OneLine(ex.Message)),
        BackendRootNotAFolderException => (ExitCodes.Usage, OneLine(ex.Message)), // a mistyped target: the store itself is fine
        BackendException => (ExitCodes.BackendFailed, OneLine(ex.Message)),
        InvalidDataException or Cairn.Format.ArchiveFormatException => (ExitCodes.CorruptData, OneLine(ex.Message)),
        OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
        UnauthorizedAccessException or IOException => (ExitCodes.Error, OneLine(ex.Message)),
        ArgumentException argument => (ExitCodes.Usage, OneLine(ArgumentMessages.ForUser(argument))),
        _ => (ExitCodes.Error, OneLine($"{ex.GetType().Name}: {ex.Message}")),
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// Spectre names the type a value did not convert to by its .NET name: "Failed to convert 'abc' to
    /// Nullable`1." Every number option of cairn takes a whole number.
    /// </summary>
    private static string WithTypeNamesInWords(string message) => message
        .Replace("to Nullable`1.", "to a whole number.", StringComparison.Ordinal)
        .Replace("to Int32.", "to a whole number.", StringComparison.Ordinal);
}
