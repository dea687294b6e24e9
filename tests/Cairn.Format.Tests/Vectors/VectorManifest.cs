using System.Text.Json.Serialization;

namespace Cairn.Format.Tests.Vectors;

/// <summary>One line of format-spec/vectors/vectors.json: files to read as one set, how to open them, what must happen.</summary>
internal sealed record VectorCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("files")] string[] Files,
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("passphrase")] string? Passphrase,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("listing_sha256")] string? ListingSha256,
    [property: JsonPropertyName("golden")] bool Golden);
