namespace Cairn.Cli;

/// <summary>
/// The process exit codes, documented in the README. Scripts depend on them: never renumber.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An error not covered below.</summary>
    public const int Error = 1;

    /// <summary>The command line or a profile is wrong (also: the target names a file, not a folder).</summary>
    public const int Usage = 2;

    /// <summary>Data did not authenticate: wrong passphrase or key, or tampering.</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>An archive, delta or signature is corrupt or not in a known format.</summary>
    public const int CorruptData = 4;

    /// <summary>The storage backend failed (after retries).</summary>
    public const int BackendFailed = 5;

    /// <summary>Another backup holds the target's lock.</summary>
    public const int Locked = 6;

    /// <summary>A plugin could not be found or loaded.</summary>
    public const int PluginFailed = 7;

    /// <summary>Verification found differences or damage.</summary>
    public const int VerifyFailed = 8;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Interrupted = 130;
}
