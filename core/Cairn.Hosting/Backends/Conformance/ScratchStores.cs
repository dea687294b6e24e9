using Cairn.Contracts.Backends;

namespace Cairn.Hosting.Backends.Conformance;

/// <summary>
/// Fresh, empty stores inside a live one, for running <see cref="BackendConformance"/> against a real target
/// (<c>cairn plugins test BACKEND-ID --url URL</c>): each store is a new folder <c>cairn-conformance-RANDOM</c>
/// under the URL, and everything written in it is deleted when the check disposes it.
/// </summary>
public static class ScratchStores
{
    /// <summary>The prefix of every scratch folder, so leftovers of an interrupted run are easy to find.</summary>
    public const string FolderPrefix = "cairn-conformance-";

    /// <summary>A factory for <see cref="BackendConformance"/> that opens scratch stores under <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The live store's URL; its path gets one more segment per scratch store.</param>
    /// <param name="open">Opens a backend for a URL (the host's plugin lookup, with the target's options).</param>
    public static Func<CancellationToken, Task<IBackend>> Under(Uri baseUrl, Func<Uri, IBackend> open)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(open);
        return _ => Task.FromResult<IBackend>(new SelfCleaningBackend(open(ScratchUrl(baseUrl))));
    }

    /// <summary>The URL of a new scratch folder under <paramref name="baseUrl"/>, keeping its query and fragment.</summary>
    public static Uri ScratchUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/" + FolderPrefix + Guid.NewGuid().ToString("N");
        return builder.Uri;
    }
}
