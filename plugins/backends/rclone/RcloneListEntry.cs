using System.Text.Json.Serialization;

namespace Cairn.Plugins.Rclone;

/// <summary>One item of <c>rclone lsjson</c>'s output.</summary>
internal sealed record RcloneListEntry(
    [property: JsonPropertyName("Path")] string Path,
    [property: JsonPropertyName("Size")] long Size,
    [property: JsonPropertyName("ModTime")] DateTimeOffset? ModTime,
    [property: JsonPropertyName("IsDir")] bool IsDir);
