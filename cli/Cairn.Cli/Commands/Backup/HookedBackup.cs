using System.Globalization;
using System.Runtime.ExceptionServices;
using Cairn.Hosting.Hooks;
using Cairn.Hosting.Profiles;

namespace Cairn.Cli.Commands.Backup;

/// <summary>
/// Runs the work of <c>backup</c> or <c>run</c> between the profile's hooks (<see cref="ProfileHooks"/>): <c>before</c>,
/// whose failure stops the backup, and <c>after</c>, whatever came of it, as a <c>finally</c> runs. A dry run runs
/// neither: it must change nothing, and a hook's database dump or unmount would.
/// </summary>
internal static class HookedBackup
{
    /// <summary>Runs <paramref name="work"/> between the hooks and returns its exit code; an exception it threw is thrown again after the <c>after</c> hook.</summary>
    /// <param name="session">The command's session (its profile names the hooks).</param>
    /// <param name="dryRun">Whether this is a dry run.</param>
    /// <param name="work">The backup, returning its exit code and the set it wrote.</param>
    /// <param name="cancellationToken">Stops the <c>before</c> hook; the <c>after</c> hook runs to its end even when interrupted, as cleanup must.</param>
    /// <exception cref="HookFailedException">The <c>before</c> hook failed; nothing was backed up.</exception>
    public static async Task<int> RunAsync(EngineSession session, bool dryRun, Func<Task<(int ExitCode, string? Set)>> work, CancellationToken cancellationToken)
    {
        var profile = session.Profile;
        var hooks = dryRun ? ProfileHooks.None : profile.Hooks;
        if (hooks.After is null)
        {
            await BeforeAsync(profile, hooks, cancellationToken);
            return (await work()).ExitCode;
        }

        ExceptionDispatchInfo? failure = null;
        int exitCode;
        string? set = null;
        try
        {
            await BeforeAsync(profile, hooks, cancellationToken);
            (exitCode, set) = await work();
        }
#pragma warning disable CA1031 // Kept and thrown again once the after hook has run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(ex);
            exitCode = CliRunner.Describe(ex).Code;
        }

        var variables = new Dictionary<string, string> { ["CAIRN_EXIT_CODE"] = exitCode.ToString(CultureInfo.InvariantCulture) };
        if (set is not null)
        {
            variables["CAIRN_SET"] = set;
        }

        var after = await HookRunner.RunAsync(profile, "after", hooks.After, variables, CancellationToken.None);
        if (!after.Succeeded)
        {
            // The backup's outcome stands: a monitoring ping that cannot reach its server must not fail a good backup.
            Console.Error.WriteLine($"cairn: warning: the 'after' hook of profile {profile.Name} {after}");
        }

        failure?.Throw();
        return exitCode;
    }

    private static async Task BeforeAsync(Profile profile, ProfileHooks hooks, CancellationToken cancellationToken)
    {
        if (hooks.Before is { } before && await HookRunner.RunAsync(profile, "before", before, new Dictionary<string, string>(), cancellationToken) is { Succeeded: false } failed)
        {
            throw new HookFailedException(profile.Name, "before", failed);
        }
    }
}
