using Cairn.Hosting.Backends;

namespace Cairn.Hosting.Jobs;

/// <summary>How <see cref="JobContext"/> opens a job, beyond what the profile says.</summary>
public sealed record JobContextOptions
{
    /// <summary>Retries, time limits and upload checks of the target. Default: <see cref="ResilienceOptions"/>' defaults.</summary>
    public ResilienceOptions? Resilience { get; init; }

    /// <summary>Receives warnings (a secret file others can read). Default: standard error.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>
    /// The folder under which each target gets its cache folder. Default: <c>$XDG_CACHE_HOME/cairn</c>,
    /// else <c>~/.cache/cairn</c>.
    /// </summary>
    public string? CacheRoot { get; init; }
}
