namespace Cairn.Contracts.Backends;

/// <summary>
/// Optional: a backend provider that can check a target without opening it, so that <c>cairn profile validate</c>
/// refuses what <see cref="IBackendProvider.Open"/> would refuse in a run. The host checks for it with a type test
/// on the loaded <see cref="IBackendProvider"/>; a plugin without it is simply not asked.
/// </summary>
public interface IBackendTargetCheck
{
    /// <summary>
    /// Checks a target's URL and options as <see cref="IBackendProvider.Open"/> reads them, without resolving
    /// secrets, reading files or connecting: a profile is validated where its secrets and its store may be absent.
    /// </summary>
    /// <param name="url">The target URL.</param>
    /// <param name="options">The target's options, as strings.</param>
    /// <exception cref="ArgumentException">Open would refuse the target; the message names why and never shows a password.</exception>
    void CheckTarget(Uri url, IReadOnlyDictionary<string, string> options);
}
