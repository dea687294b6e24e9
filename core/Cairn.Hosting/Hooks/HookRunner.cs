using System.Diagnostics;
using Cairn.Hosting.Profiles;

namespace Cairn.Hosting.Hooks;

/// <summary>
/// Runs a profile's hook commands (<see cref="ProfileHooks"/>) with <c>/bin/sh -c</c>, in the profile's folder, with the
/// command's standard output and error as its own and no standard input.
/// </summary>
/// <remarks>
/// A hook sees Cairn's environment plus <c>CAIRN_HOOK</c> (<c>before</c> or <c>after</c>), <c>CAIRN_PROFILE</c>,
/// <c>CAIRN_SOURCE</c> and <c>CAIRN_TARGET</c> (without any password), and whatever the caller adds. The variables the
/// profile takes its own secrets from (a recipient's <c>env:</c>, a target option's <c>NAME-env</c>) are removed: a
/// database dump has no use for the backup's passphrase.
/// </remarks>
public static class HookRunner
{
    /// <summary>Runs one hook to its end, or to the profile's <c>hooks.timeout</c>, and says how it ended.</summary>
    /// <param name="profile">The profile that names the hook.</param>
    /// <param name="hook"><c>before</c> or <c>after</c>.</param>
    /// <param name="command">The shell command.</param>
    /// <param name="variables">Further variables for the hook.</param>
    /// <param name="cancellationToken">Ends the hook, and everything it started, when cancelled.</param>
    /// <exception cref="OperationCanceledException">Cancelled; the hook was killed.</exception>
    /// <exception cref="IOException">The shell could not be started.</exception>
    public static async Task<HookResult> RunAsync(Profile profile, string hook, string command, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(variables);
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", command },
            WorkingDirectory = profile.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        foreach (var secret in SecretVariables(profile))
        {
            start.Environment.Remove(secret);
        }

        start.Environment["CAIRN_HOOK"] = hook;
        start.Environment["CAIRN_PROFILE"] = profile.Name;
        start.Environment["CAIRN_SOURCE"] = string.Join(' ', profile.Sources);
        start.Environment["CAIRN_TARGET"] = Secrets.UrlRedaction.WithoutPassword(profile.Target.Url.OriginalString);
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("/bin/sh did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"Cannot run the '{hook}' hook of profile {profile.Name}: {ex.Message}", ex);
        }

        using (process)
        {
            process.StandardInput.Close(); // a hook that reads its input meets its end at once rather than waiting for a terminal
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (profile.Hooks.Timeout is { } timeout)
            {
                limit.CancelAfter(timeout);
            }

            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return new HookResult(process.ExitCode, TimedOut: true);
            }

            return new HookResult(process.ExitCode, TimedOut: false);
        }
    }

    /// <summary>The environment variables the profile takes its secrets from.</summary>
    private static IEnumerable<string> SecretVariables(Profile profile)
    {
        foreach (var recipient in profile.Encryption.Recipients)
        {
            if (recipient.Secret?.EnvironmentVariable is { } secret)
            {
                yield return secret;
            }

            if (recipient.Identity?.EnvironmentVariable is { } identity)
            {
                yield return identity;
            }
        }

        foreach (var (key, value) in profile.Target.Options)
        {
            if (key.EndsWith("-env", StringComparison.Ordinal))
            {
                yield return value;
            }
        }
    }
}
