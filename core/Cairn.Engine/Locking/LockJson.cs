using System.Text.Json.Serialization;

namespace Cairn.Engine.Locking;

/// <summary>Source-generated JSON for <see cref="LockInfo"/> (no reflection at start-up; see <see cref="Repository.ManifestJson"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LockInfo))]
internal sealed partial class LockJson : JsonSerializerContext;
