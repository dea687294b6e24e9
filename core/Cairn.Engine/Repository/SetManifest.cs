using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Engine.Repository;

/// <summary>
/// The small document written last into a set's folder: which chain the set belongs to, when it was made,
/// the objects it consists of (with sizes and hashes) and its summary. On the target it is stored as a
/// one-entry Cairn archive, so it is encrypted and authenticated like everything else.
/// </summary>
public sealed record SetManifest
{
    /// <summary>The manifest format version this code writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The manifest format version.</summary>
    public required int Version { get; init; }

    /// <summary>The set's name (its folder).</summary>
    public required string Set { get; init; }

    /// <summary>The names of the sets this one builds on, the full set first and the parent last; empty for a full set.</summary>
    public required IReadOnlyList<string> Ancestors { get; init; }

    /// <summary>When the backup started (UTC).</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When the backup finished (UTC).</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>The host the backup ran on.</summary>
    public required string Host { get; init; }

    /// <summary>The source folder, as given to the backup.</summary>
    public required string Source { get; init; }

    /// <summary>The data volumes in order (<c>vol-000001.cairn</c>, ...).</summary>
    public required IReadOnlyList<StoredObject> Volumes { get; init; }

    /// <summary>The signatures archive.</summary>
    public required StoredObject Signatures { get; init; }

    /// <summary>The catalogue archive.</summary>
    public required StoredObject Catalogue { get; init; }

    /// <summary>Counts and sizes.</summary>
    public required BackupSummary Summary { get; init; }

    /// <summary>The parsed set name.</summary>
    [JsonIgnore]
    public SetName Name => SetName.TryParse(Set, out var name) ? name : throw new InvalidDataException($"Manifest names an invalid set \"{Set}\".");

    /// <summary>The parent set's name, or null for a full set.</summary>
    [JsonIgnore]
    public string? Parent => Ancestors.Count == 0 ? null : Ancestors[^1];

    /// <summary>The sets of the chain up to and including this one; index <c>i</c> is what catalogue records call set <c>i</c>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Chain => [.. Ancestors, Set];

    /// <summary>Bytes of all objects of the set on the target, manifest excluded.</summary>
    [JsonIgnore]
    public long StoredBytes => Volumes.Sum(v => v.Size) + Signatures.Size + Catalogue.Size;

    /// <summary>Serializes the manifest as UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Default.SetManifest);

    /// <summary>
    /// Builds the serializer's metadata for manifests by writing a sample and reading it back. Every command that
    /// opens a target reads manifests, and the first read in a process pays for that metadata (25-30 ms of
    /// first-run code); the command line calls this on a pool thread as it starts, while its own parsing runs.
    /// </summary>
    /// <returns>The sample as read back.</returns>
    public static SetManifest PrepareSerializer()
    {
        var sample = new SetManifest
        {
            Version = CurrentVersion,
            Set = "full-20000101T000000Z",
            Ancestors = [],
            StartTime = DateTimeOffset.UnixEpoch,
            EndTime = DateTimeOffset.UnixEpoch,
            Host = "",
            Source = "",
            Volumes = [new StoredObject("vol-000001.cairn", 0, "")],
            Signatures = new StoredObject("signatures.cairn", 0, ""),
            Catalogue = new StoredObject("catalogue.cairn", 0, ""),
            Summary = new BackupSummary(),
        };
        return FromJson(sample.ToJson());
    }

    /// <summary>Parses and checks a manifest.</summary>
    /// <exception cref="InvalidDataException">The document is not a valid manifest of a version this code reads.</exception>
    public static SetManifest FromJson(ReadOnlySpan<byte> json)
    {
        SetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ManifestJson.Default.SetManifest);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Set manifest is not valid JSON: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new InvalidDataException("Set manifest is empty.");
        }

        if (manifest.Version != CurrentVersion)
        {
            throw new InvalidDataException($"Set manifest version {manifest.Version} is not supported (this Cairn reads version {CurrentVersion}).");
        }

        _ = manifest.Name;
        foreach (var ancestor in manifest.Ancestors)
        {
            if (!SetName.TryParse(ancestor, out _))
            {
                throw new InvalidDataException($"Set manifest of {manifest.Set} names an invalid ancestor \"{ancestor}\".");
            }
        }

        return manifest;
    }
}
