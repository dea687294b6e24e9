using Cairn.Contracts.Plugins;

namespace Cairn.Contracts.Backends;

/// <summary>A storage backend plugin: opens connections to one kind of store.</summary>
public interface IBackendProvider : ICairnPlugin
{
    /// <summary>The URL schemes this backend accepts, for example <c>file</c> or <c>sftp</c>.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>Opens the store that <paramref name="settings"/> names. Connecting may be deferred to the first call.</summary>
    /// <exception cref="ArgumentException">The URL or an option is malformed; the message names it.</exception>
    /// <exception cref="BackendException">The store cannot be reached or refused the credentials.</exception>
    IBackend Open(BackendSettings settings);
}
