using Cairn.Contracts.Secrets;

namespace Cairn.Contracts.Backends;

/// <summary>What a profile's <c>target:</c> block says, resolved by the host.</summary>
/// <param name="Url">The target URL, for example <c>file:///srv/backup</c> or <c>sftp://user@host:22/backups</c>.</param>
/// <param name="Options">The block's <c>options</c>, as strings.</param>
/// <param name="ResolveSecret">
/// Resolves a named secret the way profiles do: option <c>NAME-env</c> names an environment variable,
/// <c>NAME-file</c> a file, and on a terminal the host may prompt. Returns <see langword="null"/> when none is given.
/// </param>
public sealed record BackendSettings(Uri Url, IReadOnlyDictionary<string, string> Options, Func<string, Secret?> ResolveSecret)
{
    /// <summary>
    /// Opens another backend through the host (by the URL's scheme), for plugins that wrap one,
    /// such as the fault-injecting <c>faulty</c> backend. <see langword="null"/> when the host offers none.
    /// </summary>
    public BackendOpener? OpenBackend { get; init; }

    /// <summary>Reads an option, or <paramref name="fallback"/> when the profile does not set it.</summary>
    public string? GetOption(string name, string? fallback = null) =>
        Options.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>
    /// Reads an option that holds a count or a number of seconds, or <paramref name="fallback"/> when the profile
    /// does not set it: a whole number above zero, written in digits.
    /// </summary>
    /// <exception cref="ArgumentException">The option is set to anything else; the message names it and the URL's scheme.</exception>
    public int GetPositiveInt(string name, int fallback)
    {
        var text = GetOption(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"The {Url.Scheme} option {name} must be a positive whole number, not \"{text}\".", nameof(Options));
    }
}

/// <summary>Opens a backend by URL through the host's plugins.</summary>
/// <param name="url">The URL of the store to open; its scheme selects the plugin.</param>
/// <param name="options">That backend's options.</param>
public delegate IBackend BackendOpener(Uri url, IReadOnlyDictionary<string, string> options);
