using Cairn.Contracts.Backends;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Faulty;

/// <summary>
/// The <c>faulty</c> backend, for testing: wraps the store of option <c>inner-url</c> (or of the URL
/// <c>faulty:INNER-URL</c>), opened through the host with the options named <c>inner-NAME</c> (as <c>NAME</c>),
/// and injects faults as <see cref="FaultPlan"/> describes.
/// </summary>
public sealed class FaultyBackendProvider : IBackendProvider
{
    private const string InnerPrefix = "inner-";

    /// <inheritdoc />
    public string Id => "faulty";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Backend;

    /// <inheritdoc />
    public string Description => "Test wrapper: makes another backend fail, stall or break off a share of calls (faulty:INNER-URL).";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["faulty"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No inner URL is given, or an option is malformed.</exception>
    /// <exception cref="InvalidOperationException">The host cannot open other backends.</exception>
    public IBackend Open(BackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var innerText = settings.GetOption("inner-url");
        var fromUrl = settings.Url.OriginalString.Length > "faulty:".Length ? settings.Url.OriginalString["faulty:".Length..] : "";
        if (innerText is null && fromUrl.Length > 0 && !fromUrl.StartsWith("//", StringComparison.Ordinal))
        {
            innerText = fromUrl;
        }

        if (string.IsNullOrWhiteSpace(innerText) || !Uri.TryCreate(innerText, UriKind.Absolute, out var innerUrl))
        {
            throw new ArgumentException("The faulty backend needs the store to wrap: option inner-url (for example file:///srv/backup) or a URL faulty:file:///srv/backup.", nameof(settings));
        }

        var opener = settings.OpenBackend
            ?? throw new InvalidOperationException("The faulty backend wraps another backend, but this host offers no way to open one.");
        var innerOptions = settings.Options
            .Where(o => o.Key.StartsWith(InnerPrefix, StringComparison.Ordinal) && o.Key != "inner-url")
            .ToDictionary(o => o.Key[InnerPrefix.Length..], o => o.Value, StringComparer.Ordinal);
        var plan = FaultPlan.FromOptions(settings.Options);
        return new FaultyBackend(opener(innerUrl, innerOptions), plan);
    }
}
