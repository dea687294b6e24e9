namespace Cairn.Hosting.Secrets;

/// <summary>
/// A target URL never holds a password (<c>sftp://user:PW@host/...</c>), whether it is written in a profile or
/// given with <c>--target</c>: a profile file is copied and shared, a command line lands in shell history and in
/// the process list. The password belongs in the backend's secret options, <c>password-env</c> or
/// <c>password-file</c>. The profile parser and the command-line flags ask this one rule, so they refuse the same
/// URLs with the same advice.
/// </summary>
internal static class UrlPasswordRule
{
    // --target takes no backend options, so on the command line too the advice is the profile's options.
    private const string SecretOptionsAdvice = "'password-env: VAR' or 'password-file: PATH' under 'target.options' instead";

    /// <summary>The refusal for a profile's <c>url</c>, or <see langword="null"/> when <paramref name="url"/> holds no password.</summary>
    /// <param name="url">The URL as parsed.</param>
    /// <param name="written">The URL as written, quoted back without its password.</param>
    public static string? RefusalInProfile(Uri url, string written) => HoldsPassword(url)
        ? $"the URL holds a password, which would put a secret in the profile file: write '{UrlRedaction.WithoutPassword(written)}' and "
            + SecretOptionsAdvice
        : null;

    /// <summary>The refusal for <c>--target</c>, or <see langword="null"/> when <paramref name="url"/> holds no password.</summary>
    /// <param name="url">The URL as parsed.</param>
    /// <param name="written">The URL as given, quoted back without its password.</param>
    public static string? RefusalOnCommandLine(Uri url, string written) => HoldsPassword(url)
        ? $"--target: the URL holds a password, which would put a secret on the command line: use a profile with url '{UrlRedaction.WithoutPassword(written)}' and "
            + SecretOptionsAdvice
        : null;

    private static bool HoldsPassword(Uri url) => url.UserInfo.Contains(':', StringComparison.Ordinal);
}
