using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Rclone;

/// <summary>
/// Turns an rclone exit code and its error output into the typed backend errors callers catch. rclone's
/// documented exit codes: 1 syntax or usage error (1.60 also uses it for many plain failures), 2 other error,
/// 3 directory not found, 4 file not found, 5 temporary error, 6 less serious error, 7 fatal error,
/// 8 transfer limit exceeded. The text tells the rest (credentials, quota, network).
/// </summary>
internal static class RcloneErrors
{
    private static readonly string[] AuthenticationHints =
    [
        "401", "403 ", "unauthorized", "accessdenied", "access denied", "signaturedoesnotmatch", "invalidaccesskeyid",
        "authentication failed", "unable to authenticate", "invalid_grant", "couldn't decrypt config", "unable to decrypt configuration",
        "wrong password", "login failed",
    ];

    private static readonly string[] FullHints =
    [
        "no space left", "quota", "insufficient storage", "insufficientstorage", "507", "storage full", "disk full",
    ];

    private static readonly string[] TransientHints =
    [
        "connection refused", "connection reset", "deadline exceeded", "broken pipe", "i/o timeout", "timeout", "timed out", "unexpected eof", "no such host",
        "temporary", "try again", "too many requests", "429", "500 ", "502", "503", "504", "service unavailable", "slowdown",
    ];

    /// <summary>The error for rclone <paramref name="command"/> on <paramref name="name"/> that exited with <paramref name="exitCode"/>.</summary>
    public static BackendException Map(int exitCode, string errorOutput, string command, string name)
    {
        var detail = LastErrorLine(errorOutput);
        var what = $"rclone {command} of \"{BackendNames.Printable(name)}\" failed (exit {exitCode}){(detail.Length == 0 ? "" : ": " + detail)}";
        var text = errorOutput.ToLowerInvariant();
        if (AuthenticationHints.Any(text.Contains))
        {
            return new BackendAuthenticationException(what);
        }

        if (exitCode is 3 or 4)
        {
            return new BackendNotFoundException(name, new BackendException(what));
        }

        if (FullHints.Any(text.Contains) || exitCode == 8)
        {
            return new BackendFullException(what);
        }

        if (exitCode == 5 || (exitCode != 7 && TransientHints.Any(text.Contains)))
        {
            return new BackendTransientException(what);
        }

        return new BackendException(what);
    }

    /// <summary>The last line of rclone's output that says what failed, without the timestamp.</summary>
    private static string LastErrorLine(string errorOutput)
    {
        var lines = errorOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.LastOrDefault(l => l.Contains("Failed", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal))
            ?? lines.LastOrDefault() ?? "";
        // "2026/11/26 03:00:54 ERROR : x: message": drop the date and time rclone puts first.
        if (line.Length > 20 && char.IsAsciiDigit(line[0]) && line[4] == '/' && line[19] == ' ')
        {
            line = line[20..];
        }

        return line.Length > 500 ? line[..500] + "..." : line;
    }
}
