namespace Cairn.Hosting.Hooks;

/// <summary>A profile's <c>before</c> hook failed, so no backup was made.</summary>
public sealed class HookFailedException : Exception
{
    /// <summary>Creates the exception. The message never shows the command, which may hold what should stay private.</summary>
    /// <param name="profile">The profile's name.</param>
    /// <param name="hook">The hook: <c>before</c>.</param>
    /// <param name="result">How it ended.</param>
    public HookFailedException(string profile, string hook, HookResult result)
        : base($"The '{hook}' hook of profile {profile} {result}; no backup was made.")
    {
        Hook = hook;
        Result = result;
    }

    /// <summary>The hook that failed.</summary>
    public string Hook { get; }

    /// <summary>How it ended.</summary>
    public HookResult Result { get; }
}
