using System.Text.Json.Serialization;

namespace Cairn.Engine.Repository;

/// <summary>
/// Source-generated JSON for <see cref="SetManifest"/>: every command reads manifests, and the
/// reflection-based serializer JIT-compiles over a hundred generic methods and emits IL for the member
/// accessors on first use, at each start.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SetManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
