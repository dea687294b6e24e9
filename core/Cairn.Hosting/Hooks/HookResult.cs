namespace Cairn.Hosting.Hooks;

/// <summary>How a hook ended.</summary>
/// <param name="ExitCode">Its exit code (128 + the signal's number when a signal ended it).</param>
/// <param name="TimedOut">Whether the profile's <c>hooks.timeout</c> stopped it.</param>
public readonly record struct HookResult(int ExitCode, bool TimedOut)
{
    /// <summary>Whether it finished in time with exit code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>How it ended, for a message: <c>exited with 3</c>, or <c>did not finish within hooks.timeout and was stopped</c>.</summary>
    public override string ToString() => TimedOut ? "did not finish within hooks.timeout and was stopped" : $"exited with {ExitCode}";
}
