using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Cairn.Plugins.WebDav;

/// <summary>
/// Reads a PROPFIND reply (RFC 4918 <c>multistatus</c>) one <c>response</c> element at a time, so a folder
/// of many thousands of objects never becomes one document in memory. DTDs are refused: the reply is
/// untrusted input.
/// </summary>
internal static class MultiStatusReader
{
    private static readonly XNamespace Dav = "DAV:";

    /// <summary>Reads every resource the reply lists with a 200 propstat.</summary>
    /// <exception cref="InvalidDataException">The reply is not well-formed multistatus XML.</exception>
    public static async Task<List<WebDavResource>> ReadAsync(Stream reply, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        var resources = new List<WebDavResource>();
        try
        {
            using var reader = XmlReader.Create(reply, settings);
            var sawMultiStatus = false;
            while (!reader.EOF)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Dav.NamespaceName)
                {
                    if (reader.LocalName == "multistatus")
                    {
                        sawMultiStatus = true;
                    }
                    else if (reader.LocalName == "response")
                    {
                        var element = (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false);
                        if (Parse(element) is { } resource)
                        {
                            resources.Add(resource);
                        }

                        continue; // ReadFromAsync already moved past the element.
                    }
                }

                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    break;
                }
            }

            if (!sawMultiStatus)
            {
                throw new InvalidDataException("The WebDAV server's PROPFIND reply has no DAV: multistatus element.");
            }
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"The WebDAV server's PROPFIND reply is not well-formed XML: {e.Message}", e);
        }

        return resources;
    }

    private static WebDavResource? Parse(XElement response)
    {
        var href = response.Element(Dav + "href")?.Value.Trim();
        if (string.IsNullOrEmpty(href))
        {
            return null;
        }

        var isCollection = false;
        long? length = null;
        DateTimeOffset? modified = null;
        var found = false;
        foreach (var propstat in response.Elements(Dav + "propstat"))
        {
            if (!IsSuccess(propstat.Element(Dav + "status")?.Value) || propstat.Element(Dav + "prop") is not { } prop)
            {
                continue;
            }

            found = true;
            if (prop.Element(Dav + "resourcetype")?.Element(Dav + "collection") is not null)
            {
                isCollection = true;
            }

            if (prop.Element(Dav + "getcontentlength")?.Value is { } lengthText)
            {
                if (!long.TryParse(lengthText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    throw new InvalidDataException($"The WebDAV server gave \"{lengthText}\" as the size of {href}.");
                }

                length = parsed;
            }

            if (prop.Element(Dav + "getlastmodified")?.Value is { } modifiedText &&
                DateTimeOffset.TryParse(modifiedText.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedTime))
            {
                modified = parsedTime;
            }
        }

        return found ? new WebDavResource(href, isCollection, length, modified) : null;
    }

    /// <summary>True for "HTTP/1.1 200 OK" and the like; a propstat without status counts as success.</summary>
    private static bool IsSuccess(string? status)
    {
        if (status is null)
        {
            return true;
        }

        var parts = status.Trim().Split(' ', 3);
        return parts.Length >= 2 && parts[1].StartsWith('2');
    }
}
