using System.Net;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.WebDav;

/// <summary>Turns HTTP statuses and transport failures into the typed backend errors callers catch.</summary>
internal static class WebDavErrors
{
    /// <summary>The error for a reply with a status that was not expected for <paramref name="operation"/> on <paramref name="name"/>.</summary>
    public static BackendException FromStatus(HttpResponseMessage response, string operation, string name, string? user)
    {
        var status = (int)response.StatusCode;
        var what = $"WebDAV {operation} of \"{BackendNames.Printable(name)}\" got {status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new BackendAuthenticationException(user is null
                ? $"{what}: the server wants credentials; set option user and password-env or password-file."
                : $"{what}: the server refused the credentials of user \"{user}\"."),
            HttpStatusCode.Forbidden => new BackendAuthenticationException($"{what}: the server forbids it{(user is null ? "" : $" for user \"{user}\"")}."),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new BackendNotFoundException(name),
            HttpStatusCode.InsufficientStorage or HttpStatusCode.RequestEntityTooLarge => new BackendFullException($"{what}: the store is full or the quota is used up."),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Locked => new BackendTransientException($"{what}."),
            _ when status >= 500 => new BackendTransientException($"{what}."),
            _ when status is >= 300 and < 400 => new BackendException(
                $"{what}: the server redirects{(response.Headers.Location is { } to ? $" to {to}" : "")}; put the final URL in the profile."),
            _ => new BackendException($"{what}."),
        };
    }

    /// <summary>The error for a request that got no reply: a refused or dropped connection, a TLS failure, a timeout.</summary>
    public static BackendException FromTransport(Exception exception, string operation, string name, TimeSpan? timeout) => exception switch
    {
        OperationCanceledException when timeout is { } t =>
            new BackendTransientException($"WebDAV {operation} of \"{BackendNames.Printable(name)}\" timed out after {t.TotalSeconds:0} s.", exception),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
            new BackendException($"WebDAV {operation} of \"{BackendNames.Printable(name)}\": the TLS connection failed ({exception.Message}).", isTransient: false, exception),
        _ => new BackendTransientException($"WebDAV {operation} of \"{BackendNames.Printable(name)}\" failed: {exception.Message}", exception),
    };
}
