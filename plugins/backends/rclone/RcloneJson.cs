using System.Text.Json.Serialization;

namespace Cairn.Plugins.Rclone;

/// <summary>Source-generated JSON reading for <see cref="RcloneListEntry"/> (no reflection in a plugin's load context).</summary>
[JsonSerializable(typeof(RcloneListEntry))]
[JsonSerializable(typeof(IAsyncEnumerable<RcloneListEntry>))]
internal sealed partial class RcloneJson : JsonSerializerContext;
